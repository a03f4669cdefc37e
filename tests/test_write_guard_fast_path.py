"""perf/write_guard_fast_path: the write guard (trigger tenant_context_required) lets a bound
context through with app.bound_tenant_id(), without a subtransaction or a pg_roles query, for
roles RLS applies to (docs/benchmarks-analysis.md, "Session 6: the write guard"). Named tests:
every failing case fails exactly as before (SQLSTATE, message, DETAIL, HINT, compared with a
clone carrying revert/perf/write_guard_fast_path.sql), the accepted cases still pass, and the
fast path runs neither the catalog query nor the exception block's accessor call (counted by
pg_stat_statements with track = all, never timed)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE, project_root
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys

A, B = DEMO_TENANTS
STUDENT_A = user_id(A, "student", 1)
KEYRING = TokenKeyring({"k-write-guard": os.urandom(32)}, "k-write-guard")
REVERT = project_root() / "revert" / "perf" / "write_guard_fast_path.sql"
FORGE_SQL = ("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
             " set_config('app.context_stamp', pg_backend_pid() || ':' || (date_part('epoch', now()) * 1000000)::bigint"
             " || ':' || repeat('0', 64), true)")
#: Writes a client may attempt on its own row (the guard fires before any row is read).
WRITES = {
    "insert": "INSERT INTO app.users (tenant_id, email, display_name) VALUES (%(tenant)s, 'guard@write.example', 'G')",
    "update": "UPDATE app.users SET display_name = display_name WHERE id = %(person)s",
    "delete": "DELETE FROM app.users WHERE false",
}
Setup = Callable[[psycopg.Connection], None]


def _prepare(db: str, tenantdb: Any) -> None:
    with admin_connect(tenantdb.backend, db) as admin:
        admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
        load_keys(admin, KEYRING)
        admin.commit()


@pytest.fixture(scope="module")
def after_db(tenantdb):
    with tenantdb.clone_seeded("write_guard_after") as name:
        _prepare(name, tenantdb)
        yield name


@pytest.fixture(scope="module")
def before_db(tenantdb):
    """The same seed with the revert applied: the guard as security/bound_context left it."""
    with tenantdb.clone_seeded("write_guard_before") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            admin.execute(REVERT.read_text())
            admin.commit()
            assert "bound_tenant_id" not in admin.execute(
                "SELECT pg_get_functiondef('app_private.require_tenant_context()'::regprocedure)").fetchone()[0]
        _prepare(name, tenantdb)
        yield name


@pytest.fixture(scope="module")
def logins(tenantdb, before_db, after_db) -> Iterator[dict[str, str]]:
    with client_login(tenantdb.backend, before_db, A.id, "guard_b") as lb, \
            client_login(tenantdb.backend, after_db, A.id, "guard_a") as la:
        yield {before_db: lb, after_db: la}


def _outcome(conn: psycopg.Connection, setup: Setup, write: str) -> tuple[Any, ...]:
    """(SQLSTATE, message, detail, hint) of `write` after `setup`, or ('ok', rowcount)."""
    if setup is _stale_context:
        with conn.transaction():  # an earlier transaction that binds a context, committed
            _app_context(conn)
            STALE[id(conn)] = conn.execute("SELECT current_setting('app.tenant_id'), current_setting('app.user_id'),"
                                           " current_setting('app.context_stamp')").fetchone()
    try:
        with conn.transaction(force_rollback=True):
            setup(conn)
            cur = conn.execute(write, {"tenant": A.id, "person": STUDENT_A})
            return ("ok", cur.rowcount)
    except psycopg.Error as exc:
        d = exc.diag
        return (exc.sqlstate, d.message_primary, d.message_detail, d.message_hint)


def _no_context(conn: psycopg.Connection) -> None:
    pass


def _app_context(conn: psycopg.Connection) -> None:
    conn.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT_A))


STALE: dict[int, Any] = {}


def _stale_context(conn: psycopg.Connection) -> None:
    """The settings of the context _outcome() bound in an earlier transaction, set again by hand."""
    old = STALE.pop(id(conn))
    conn.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                 " set_config('app.context_stamp', %s, true)", old)


def _edited_tenant(conn: psycopg.Connection) -> None:
    _app_context(conn)
    conn.execute("SELECT set_config('app.tenant_id', 'not-a-uuid', true)")


def _bound_without_tenant(conn: psycopg.Connection) -> None:
    _app_context(conn)
    conn.execute("SELECT set_config('app.tenant_id', '', true)")


def _token(conn: psycopg.Connection) -> None:
    conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT_A),))


def _hand_set_client_context(conn: psycopg.Connection) -> None:
    conn.execute(FORGE_SQL, (A.id, STUDENT_A))


def _forged_stamp(conn: psycopg.Connection) -> None:
    _token(conn)
    conn.execute("SELECT set_config('app.context_stamp', left(current_setting('app.context_stamp'), -1)"
                 " || CASE WHEN right(current_setting('app.context_stamp'), 1) = '0' THEN '1' ELSE '0' END, true)")


def _client_of_other_tenant(conn: psycopg.Connection) -> None:
    _token(conn)
    conn.execute("SELECT set_config('app.tenant_id', %s, true)", (B.id,))


#: name -> (who connects: a group role or 'client', setup)
CASES: dict[str, tuple[str, Setup]] = {
    "app_no_context": (APP_ROLE, _no_context),
    "app_stale_context_from_an_earlier_transaction": (APP_ROLE, _stale_context),
    "app_bound_context": (APP_ROLE, _app_context),
    "app_tenant_edited_by_hand_to_a_non_uuid": (APP_ROLE, _edited_tenant),
    "app_bound_context_without_a_tenant": (APP_ROLE, _bound_without_tenant),
    "service_no_context": (SERVICE_ROLE, _no_context),
    "service_bound_context": (SERVICE_ROLE, _app_context),
    "maintenance_no_context": (MAINTENANCE_ROLE, _no_context),
    "client_no_token": ("client", _no_context),
    "client_hand_set_context": ("client", _hand_set_client_context),
    "client_forged_stamp": ("client", _forged_stamp),
    "client_tenant_edited_to_another_tenant": ("client", _client_of_other_tenant),
    "client_token": ("client", _token),
}


#: The cases the guard itself must refuse with its own message (the others pass it).
REFUSED_BY_THE_GUARD = {"app_no_context", "app_stale_context_from_an_earlier_transaction", "service_no_context",
                        "client_no_token", "client_hand_set_context", "client_forged_stamp",
                        "client_tenant_edited_to_another_tenant"}


def _connect(tenantdb: Any, db: str, who: str, logins: dict[str, str]) -> psycopg.Connection:
    if who == "client":
        return psycopg.connect(tenantdb.backend.conninfo(db, logins[db]))
    return tenantdb.connect(db, role=who)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("write", WRITES)
def test_every_write_fails_or_passes_exactly_as_before(tenantdb, before_db, after_db, logins, case, write):
    who, setup = CASES[case]
    outcomes = []
    for db in (before_db, after_db):
        with _connect(tenantdb, db, who, logins) as conn:
            outcomes.append(_outcome(conn, setup, WRITES[write]))
    # perf/context_cache (where the tenantdb_context extension is installed): a tenant the app role
    # edits by hand after set_context() is no context any more (42501 from the guard), where the
    # binding check alone took it and failed casting it (22P02). Every other case is unchanged.
    edited = case == "app_tenant_edited_by_hand_to_a_non_uuid"
    with tenantdb.connect(after_db) as su:
        remembers = su.execute("SELECT count(*) FROM pg_extension WHERE extname = 'tenantdb_context'").fetchone()[0] == 1
    if not (edited and remembers):
        assert outcomes[0] == outcomes[1], f"{case} {write}: before {outcomes[0]}, after {outcomes[1]}"
    if case in REFUSED_BY_THE_GUARD or (edited and remembers):
        assert outcomes[1][:2] == ("42501", f"{write.upper()} on app.users needs a tenant context"), outcomes[1]
        assert outcomes[1][2].startswith("app.tenant_id is not set for this transaction: "), outcomes[1]
    elif edited:
        assert outcomes[1][:2] == ("22P02", 'invalid input syntax for type uuid: "not-a-uuid"'), outcomes[1]


def _guard_queries(conn: psycopg.Connection, db: str) -> dict[str, int]:
    """Calls of the guard's SPI queries in `db` so far (pg_stat_statements, track = all)."""
    rows = conn.execute(
        "SELECT CASE WHEN query LIKE '%%pg_roles%%' THEN 'pg_roles' ELSE 'accessor' END, sum(calls)::int"
        " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
        " WHERE d.datname = %s AND NOT toplevel"
        "   AND (query LIKE '%%rolbypassrls OR r.rolsuper%%' OR query LIKE 'SELECT app.current_tenant_id()%%')"
        " GROUP BY 1", (db,)).fetchall()
    return {"pg_roles": 0, "accessor": 0} | dict(rows)


@pytest.mark.parametrize("who", [APP_ROLE, "client"])
def test_a_bound_context_passes_without_the_catalog_query_or_the_exception_block(tenantdb, before_db, after_db, logins, who):
    """Ten writes with a bound context: the landed guard ran its pg_roles query and its accessor
    call (the statement inside BEGIN ... EXCEPTION) ten times each, the fast path neither."""
    counts = {}
    for db in (before_db, after_db):
        with tenantdb.connect(db) as su:
            su.autocommit = True
            su.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            su.execute(f"ALTER DATABASE {db} SET pg_stat_statements.track = 'all'")  # nested statements too
            # pg_stat_statements is one hash for the whole cluster (keyed by database too): while other
            # workers fill it, it evicts its least-used entries, and a count read across an eviction is
            # short (9 of 10 once, in CI). A window without an eviction is measured again, three times at most.
            for _attempt in range(3):
                evictions = su.execute("SELECT dealloc FROM pg_stat_statements_info").fetchone()[0]
                first = _guard_queries(su, db)
                with _connect(tenantdb, db, who, logins) as conn:
                    assert conn.execute("SHOW pg_stat_statements.track").fetchone()[0] == "all"
                    for _ in range(10):
                        assert _outcome(conn, _token if who == "client" else _app_context, WRITES["update"]) == ("ok", 1)
                last = _guard_queries(su, db)
                if su.execute("SELECT dealloc FROM pg_stat_statements_info").fetchone()[0] == evictions:
                    break
            else:
                pytest.fail("pg_stat_statements evicted entries during each of three measurements: raise pg_stat_statements.max")
            counts[db] = {k: last[k] - first[k] for k in last}
    assert counts[before_db] == {"pg_roles": 10, "accessor": 10}, counts
    assert counts[after_db] == {"pg_roles": 0, "accessor": 0}, counts


def test_bound_tenant_id_tests_and_returns_exactly_what_current_tenant_id_does(tenantdb, after_db):
    """app.bound_tenant_id() is app.current_tenant_id() with NULL for its raising branch: the same
    call of the library for the same field, read from the catalog, with the rare branch's argument
    NULL (perf/context_cache reworked after @v0.2.0; before it, the same WHEN and THEN of a CASE),
    so a later change to the accessor that forgets this copy fails here (replace both together)."""
    with tenantdb.connect(after_db) as su:
        accessor, bound = (su.execute("SELECT pg_get_functiondef(%s::regprocedure)", (f,)).fetchone()[0]
                           for f in ("app.current_tenant_id()", "app.bound_tenant_id()"))
    accessor_body, bound_body = accessor.split("RETURN ", 1)[1].strip(), bound.split("RETURN ", 1)[1].strip()
    assert accessor_body == "tenantdb_context.remembered_uuid('tenant_id'::text, 'app.tenant_id'::text)", accessor
    assert bound_body == "tenantdb_context.remembered_uuid('tenant_id'::text, NULL::text)", bound


@pytest.mark.parametrize("owner, write", [
    ("tenantdb_learner_data_keeper",
     "UPDATE app.learning_sessions SET learner_data_key = '00000000-0000-0000-0000-000000000000' WHERE false"),
])
def test_a_bypassrls_function_owner_that_may_not_call_bound_tenant_id_still_passes_the_guard(tenantdb, after_db, owner, write):
    """The BYPASSRLS function owners (the learner-data keeper, the audit eraser) have no EXECUTE on
    app.bound_tenant_id() and write at trigger depth 1. The executor checks EXECUTE on every
    function of an expression when it sets the expression up, so a fast path written as
    `row_security_active(...) AND app.bound_tenant_id() IS NOT NULL` failed 42501 for them although
    RLS does not apply to them: the eraser's delete of a tenant's audit rows in tenantdb tenant erase
    (tests/test_tenant_ops.py; the audit log's append-only trigger refuses the same delete outside
    the eraser's function, so the keeper's column update stands for both here)."""
    with admin_connect(tenantdb.backend, after_db) as admin:
        assert admin.execute("SELECT has_function_privilege(%s, 'app.bound_tenant_id()', 'EXECUTE')",
                             (owner,)).fetchone() == (False,)
        admin.execute(f"SET ROLE {owner}")
        admin.execute(write)
        admin.rollback()
