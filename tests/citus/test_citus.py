"""The plan on a Citus cluster, proved on the distributed database itself (docs/scale-out.md).

Marker `citus`: deselected in plain CI by pyproject's addopts (`-m "not citus"`), run wherever a
coordinator is given:

    TENANTDB_CITUS_URL=postgresql://postgres@localhost:55432/tenantdb \\
        .venv/bin/pytest tests/citus -m citus -n 0 --no-cov

The URL names the coordinator's database as its superuser, deployed and seeded as
docs/scale-out.md shows. Selected without the URL, every test fails (never skips). The tests
write nothing but the harness logins (cluster-wide, created once) and one throw-away
tenantdb_client login; every isolation check connects as a client role.

On stock Citus 13.2.2 the distribution and shard-policy tests FAIL today, on purpose: they are
what "the plan runs distributed" means (docs/scale-out.md lists each blocker).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import psycopg
import pytest
from citus_cluster import as_login
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from tenantdb import citus
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE, harness_login
from tenantdb.tokens import TokenKeyring

pytestmark = pytest.mark.citus

A, B = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
KID = f"citus-test-{os.urandom(4).hex()}"  # key ids are never reused: a fresh one per run
KEYRING = TokenKeyring({KID: os.urandom(32)}, KID)


def tenant_tables(admin: psycopg.Connection) -> list[str]:
    return citus.distribution_plan(admin).distributed


def client_tables(admin: psycopg.Connection) -> list[str]:
    """The tenant tables of schema app (app_private is out of every client role's reach)."""
    return [t for t in tenant_tables(admin) if t.startswith("app.")]


def test_the_coordinator_has_two_active_workers(admin):
    workers = admin.execute("SELECT count(*) FROM pg_dist_node WHERE isactive AND groupid <> 0 AND noderole = 'primary'").fetchone()[0]
    assert workers >= 2


def test_every_tenant_table_is_distributed_by_tenant_id_and_colocated(admin):
    rows = dict(admin.execute(
        "SELECT logicalrelid::regclass::text, column_to_column_name(logicalrelid, partkey) || ':' || colocationid "
        "FROM pg_dist_partition WHERE partmethod = 'h'").fetchall())
    missing = [t for t in tenant_tables(admin) if t not in rows]
    assert missing == [], f"{len(missing)} tenant tables not distributed (tenantdb citus check names why): {missing[:8]}"
    assert {v.split(":")[0] for v in rows.values()} == {"tenant_id"}
    assert len({v.split(":")[1] for v in rows.values()}) == 1, "every tenant table in one colocation group"


def test_every_reference_table_of_the_plan_is_a_reference_table(admin):
    refs = {r[0] for r in admin.execute("SELECT logicalrelid::regclass::text FROM pg_dist_partition WHERE partmethod = 'n'")}
    missing = sorted(set(citus.distribution_plan(admin).reference) - refs)
    assert missing == []


def test_every_policy_keeps_its_permissiveness_on_the_shards(admin):
    """The upstream defect (docs/scale-out.md): RESTRICTIVE arrives on the shards as PERMISSIVE.
    Compares, per distributed table, the number of restrictive policies on the coordinator with
    the number on the workers' shell tables (which carry the same DDL as the shards)."""
    coordinator = dict(admin.execute(
        "SELECT format('%I.%I', p.schemaname, p.tablename), count(*) FILTER (WHERE p.permissive = 'RESTRICTIVE') "
        "FROM pg_policies p JOIN pg_dist_partition d ON d.logicalrelid = format('%I.%I', p.schemaname, p.tablename)::regclass "
        "GROUP BY 1").fetchall())
    assert coordinator, "no distributed table has a policy: nothing to check"
    for port, result in admin.execute(
            """SELECT nodeport, result FROM run_command_on_workers($$
                   SELECT coalesce(json_object_agg(t, n), '{}') FROM (
                       SELECT format('%I.%I', schemaname, tablename) AS t, count(*) FILTER (WHERE permissive = 'RESTRICTIVE') AS n
                       FROM pg_policies GROUP BY 1) x$$)""").fetchall():
        worker = json.loads(result)
        weakened = {t: (n, worker.get(t, 0)) for t, n in coordinator.items() if worker.get(t, 0) != n}
        assert weakened == {}, f"worker {port}: restrictive policies (coordinator, worker) differ: {dict(list(weakened.items())[:5])}"


def test_every_permissive_policy_of_a_distributed_tenant_table_checks_the_tenant(admin):
    """The design that stays safe on stock Citus: no policy relies on a RESTRICTIVE partner."""
    rows = admin.execute(
        "SELECT format('%I.%I', p.schemaname, p.tablename), p.policyname, coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') "
        "FROM pg_policies p JOIN pg_dist_partition d ON d.logicalrelid = format('%I.%I', p.schemaname, p.tablename)::regclass "
        "WHERE d.partmethod = 'h' AND p.permissive = 'PERMISSIVE'").fetchall()
    assert rows, "no distributed tenant table has a permissive policy"
    unchecked = [f"{t}.{name}" for t, name, expr in rows if "tenant_id = app.current_tenant_id()" not in expr]
    assert unchecked == []


def _in_context(conn: psycopg.Connection, tenant: str, person: str | None) -> None:
    conn.execute("SELECT app.set_context(%s, %s)", (tenant, person))
    citus.propagate_context(conn)


def test_service_sees_only_its_tenant_in_every_tenant_table(url, admin):
    tables = client_tables(admin)
    with as_login(url, harness_login(SERVICE_ROLE)) as conn:
        conn.autocommit = True
        leaks: dict[str, int] = {}
        readable = 0
        for table in tables:
            try:
                with conn.transaction():
                    _in_context(conn, A.id, None)
                    n = conn.execute(f"SELECT count(*) FROM {table} WHERE tenant_id <> %s", (A.id,)).fetchone()[0]
            except psycopg.errors.InsufficientPrivilege as exc:
                assert "permission denied for table" in str(exc), f"{table}: {exc}"
                continue  # not granted to the service role (e.g. audit_log): nothing visible
            readable += 1
            if n:
                leaks[table] = n
    assert leaks == {}
    assert readable >= len(tables) - 3, "the service role reads nearly every tenant table"


def test_a_person_sees_only_their_tenant_in_every_tenant_table(url, admin):
    tables = client_tables(admin)
    errors: dict[str, str] = {}
    leaks: dict[str, int] = {}
    with as_login(url, harness_login(APP_ROLE)) as conn:
        conn.autocommit = True
        for table in tables:
            try:
                with conn.transaction():
                    _in_context(conn, A.id, ADMIN_A)
                    n = conn.execute(f"SELECT count(*) FROM {table} WHERE tenant_id <> %s", (A.id,)).fetchone()[0]
            except psycopg.errors.InsufficientPrivilege:
                continue  # not granted to people: nothing visible
            except psycopg.Error as exc:
                errors[table] = str(exc).splitlines()[0]
                continue
            if n:
                leaks[table] = n
    assert leaks == {}
    assert errors == {}, "the user-facing role must be able to read its tenant (e.g. no 'distributed query from a shard')"


def test_the_binding_names_the_distributed_transaction(url, admin):
    """citus/transaction_binding: the stamp binds to Citus's distributed transaction id."""
    with as_login(url, harness_login(SERVICE_ROLE)) as conn, conn.transaction():
        _in_context(conn, A.id, None)
        stamp = conn.execute("SELECT current_setting('app.context_stamp')").fetchone()[0]
        gpid = conn.execute("SELECT citus_backend_gpid()").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM app.messages").fetchone()[0] > 0, "the workers accept the forwarded context"
    assert stamp.startswith(f"c{gpid}:")


def test_a_forwarded_context_replayed_in_the_next_transaction_is_no_context_on_the_workers(url, admin):
    with as_login(url, harness_login(SERVICE_ROLE)) as conn:
        conn.autocommit = True
        with conn.transaction():
            sent = (_in_context(conn, A.id, None), citus.propagate_context(conn))[1]
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as info, conn.transaction():
            for name, value in sent.items():
                conn.execute(sql.SQL("SET LOCAL {} = {}").format(sql.SQL(name), sql.Literal(value)))
            conn.execute("SELECT count(*) FROM app.messages").fetchone()
    assert "no tenant context" in str(info.value)


def test_set_context_alone_reaches_the_workers(url, admin):
    """citus/set_local_context: bind_context() re-issues the context with SET LOCAL, so the plain
    contract (SELECT app.set_context(...), no client-side propagate_context) works on the shards."""
    with as_login(url, harness_login(SERVICE_ROLE)) as conn, conn.transaction():
        conn.execute("SELECT app.set_context(%s, NULL)", (A.id,))
        seen = conn.execute("SELECT count(*), count(*) FILTER (WHERE tenant_id <> %s) FROM app.messages", (A.id,)).fetchone()
    assert seen[0] > 0 and seen[1] == 0


def test_the_citus_policy_rewrite_kept_every_original_for_the_revert(admin):
    """citus/policies: every restrictive tenant_isolation was dropped and saved, so the revert can re-create it."""
    saved = admin.execute(
        "SELECT count(*) FILTER (WHERE permissive = 'RESTRICTIVE' AND replaced_by = 'dropped'),"
        "       count(*) FILTER (WHERE permissive = 'PERMISSIVE' AND replaced_by = 'altered')"
        "  FROM app_private.citus_replaced_policies").fetchone()
    left = admin.execute("SELECT count(*) FROM pg_policies WHERE permissive = 'RESTRICTIVE'"
                         " AND schemaname IN ('app', 'app_private', 'cache_private', 'archive')").fetchone()[0]
    assert saved[0] > 0 and saved[1] > 0 and left == 0


def test_the_context_accessors_are_plpgsql_on_citus(admin):
    """citus/plpgsql_accessors: Citus evaluates each accessor as a whole on the coordinator (writes failed 22P02)."""
    languages = admin.execute(
        "SELECT DISTINCT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
        " WHERE p.oid IN ('app.current_tenant_id()'::regprocedure, 'app.current_user_id()'::regprocedure,"
        "                 'app_private.context_uuid(text)'::regprocedure)").fetchall()
    assert languages == [("plpgsql",)]


def test_no_context_reads_fail_for_the_service_role(url, admin):
    with as_login(url, harness_login(SERVICE_ROLE)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM app.messages").fetchone()


@pytest.fixture(scope="module")
def client_a(url, admin) -> Iterator[str]:
    """A throw-away tenantdb_client login bound to tenant A, and a signing key loaded."""
    from tenantdb.backend import ExternalBackend
    from tenantdb.client_logins import client_login
    from tenantdb.settings import MAINTENANCE_ROLE, Settings
    from tenantdb.tokens import load_keys

    admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
    try:
        load_keys(admin, KEYRING)
    finally:
        admin.execute("RESET ROLE")
    os.environ.setdefault("DATABASE_URL", url)
    backend = ExternalBackend(Settings.from_env(None, "external"))
    with client_login(backend, str(conninfo_to_dict(url)["dbname"]), A.id, "citus") as login:
        yield login


def test_a_client_login_without_a_token_sees_nothing(url, client_a):
    with as_login(url, client_a) as conn:
        conn.autocommit = True
        for statement in ("SELECT count(*) FROM app.users", "SELECT count(*) FROM app.messages"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(sql.SQL("SET LOCAL app.tenant_id = {}").format(sql.Literal(A.id)))  # a claim, not a context
                conn.execute(statement)


def test_a_client_login_with_a_token_sees_only_its_persons_rows(url, client_a):
    from tenantdb.tokens import SET_TOKEN_SQL, issue

    student = user_id(A, "student", 1)
    with as_login(url, client_a) as conn, conn.transaction():
        conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, student),))
        citus.propagate_context(conn)
        users = {str(r[0]) for r in conn.execute("SELECT id FROM app.users")}
        owners = {str(r[0]) for r in conn.execute("SELECT DISTINCT user_id FROM app.conversations")}
        tenants = {str(r[0]) for r in conn.execute("SELECT DISTINCT tenant_id FROM app.messages")}
    assert users == {student}, "a student sees their own user row only"
    assert owners <= {student} and tenants <= {A.id}


def test_vector_search_returns_only_the_tenants_chunks(url, admin):
    """A query vector taken from tenant B's chunks, searched in tenant A's context: only A's chunks."""
    probe = admin.execute("SELECT embedding::text FROM app.document_chunks WHERE tenant_id = %s AND embedding IS NOT NULL LIMIT 1",
                          (B.id,)).fetchone()
    assert probe, "the seed has no chunk embeddings for tenant B"
    with as_login(url, harness_login(SERVICE_ROLE)) as conn, conn.transaction():
        _in_context(conn, A.id, None)
        found = [r[0] for r in conn.execute("SELECT chunk_uuid FROM app.search_chunks(%s::vector, 10)", (probe[0],))]
    assert found, "tenant A has chunks: the search must return some"
    owners = {str(r[0]) for r in admin.execute("SELECT DISTINCT tenant_id FROM app.document_chunks WHERE id = ANY(%s)", (found,))}
    assert owners == {A.id}


def test_clients_have_no_usage_on_app_private(admin):
    """citus/definer_entry_points: the string and PL/pgSQL bodies clients reach run as the owner, so
    the client groups never get USAGE on app_private (which would expose every app_private function)."""
    usage = admin.execute("SELECT r FROM unnest(ARRAY['tenantdb_app', 'tenantdb_service', 'tenantdb_client']) r"
                          " WHERE has_schema_privilege(r, 'app_private', 'USAGE')").fetchall()
    assert usage == []


def test_every_worker_holds_the_coordinators_signing_key(admin):
    """citus/node_local_key + tenantdb citus distribute: each node checks the HMAC with its own copy."""
    digest = "SELECT encode(sha256(inner_pad || outer_pad), 'hex') FROM app_private.context_signing_key_on_node"
    mine = admin.execute(digest).fetchone()[0]
    workers = admin.execute("SELECT success, result FROM run_command_on_workers(%s)", (digest,)).fetchall()
    assert len(workers) == 2 and all(ok and result == mine for ok, result in workers)


def test_the_prerequisite_graph_is_planned_on_citus(url, admin):
    """citus/plpgsql_functions: the recursive CTE gets the context tenant as a constant (was 0A000)."""
    integrals = {t.id: admin.execute("SELECT id FROM app.concepts WHERE tenant_id = %s AND name = 'Integrals'",
                                     (t.id,)).fetchone()[0] for t in (A, B)}
    with as_login(url, harness_login(SERVICE_ROLE)) as conn, conn.transaction():
        conn.execute("SELECT app.set_context(%s, NULL)", (A.id,))
        own = conn.execute("SELECT count(*) FROM app.concept_prerequisites_of(%s)", (integrals[A.id],)).fetchone()[0]
        other = conn.execute("SELECT count(*) FROM app.concept_prerequisites_of(%s)", (integrals[B.id],)).fetchone()[0]
    assert own > 0 and other == 0


def test_a_token_client_cannot_forge_the_visible_learner_set(url, admin, client_a):
    """citus/visible_learners_at_bind: app.visible_learner_ids is bound and signed; an educator's token
    session that sets it to every learner of the tenant sees no more than the consent rule allows
    (the forged set is ignored, and the fallback query is refused inside the shard: fail closed)."""
    from tenantdb.tokens import SET_TOKEN_SQL, issue

    educator = user_id(A, "educator", 1)
    everyone = {r[0] for r in admin.execute("SELECT id FROM app.learner_profiles WHERE tenant_id = %s", (A.id,))}
    with as_login(url, client_a) as conn, conn.transaction():
        conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, educator),))
        honest = {r[0] for r in conn.execute("SELECT id FROM app.learner_profiles")}
    assert honest < everyone, "the seed must have learners who do not share data with educators"
    with as_login(url, client_a) as conn:
        try:
            with conn.transaction():
                conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, educator),))
                binding = conn.execute("SELECT split_part(current_setting('app.visible_learner_ids'), '|', 1)").fetchone()[0]
                forged = f"{binding}|{{{','.join(str(i) for i in sorted(everyone))}}}|{'0' * 64}"
                conn.execute(sql.SQL("SET LOCAL app.visible_learner_ids = {}").format(sql.Literal(forged)))
                seen: set | None = {r[0] for r in conn.execute("SELECT id FROM app.learner_profiles")}
        except psycopg.Error:
            seen = None
    assert seen is None or seen <= honest
