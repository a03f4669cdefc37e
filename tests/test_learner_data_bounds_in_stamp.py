"""perf/learner_data_bounds_in_stamp (issue 13, session 6): the four bounds of the learner-data
select policies (learner_lo, learner_hi, key_hi, staff_own_key) are computed once per transaction
by bind_context() into the signed stamp (fields 9 to 12) and read there by an expression written
out in each policy (the binding check, then split_part()). One named test per way that could widen
access: a client that edits a bound by hand, a stamp of an earlier transaction replayed, a bound
left stale by a role change or a new learner profile in the same transaction, a bound that differs
from the PL/pgSQL function it replaces, and the superuser / no-context paths. Who reads what is tests/test_learner_data_key.py's
test_every_role_reads_exactly_the_rows_consent_allows (now through these bounds)."""

from __future__ import annotations

import os
import re

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE, project_root
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue

A, _ = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
NIL = "00000000-0000-0000-0000-000000000000"
MAX = "ffffffff-ffff-ffff-ffff-ffffffffffff"
BOUNDS = ("learner_lo", "learner_hi", "key_hi", "staff_own_key")
TABLES = ("learning_sessions", "struggle_events", "intervention_logs")
SHARES = "coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'"
KEYRING = TokenKeyring({"k-bounds": os.urandom(32)}, "k-bounds")
STAMP_BOUNDS = "SELECT " + ", ".join(
    f"split_part(current_setting('app.context_stamp'), ':', {9 + i})" for i in range(len(BOUNDS)))
#: The library's one-call reader of a bound (perf/learner_data_bounds_remembered reworked after @v0.3.0).
ONE_CALL = "tenantdb_context.remembered_else_unbound_visible_learner_ids_bound("
#: One bound of a select policy as pg_policies shows it: `( SELECT <one call> AS <name>)`, or
#: `( SELECT CASE ... END AS <name>)` where the one-call reader is not declared.
POLICY_BOUND = re.compile(r"\( SELECT\s+(CASE\s.*?\sEND|tenantdb_context\.\w+\('\w+'::text\)) AS \w+\)", re.S)
OLD_BOUNDS = "SELECT " + ", ".join(f"app_private.visible_learner_ids_bound('{b}')::text" for b in BOUNDS)


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded_with_keys("learner_data_bounds", KEYRING) as name:
        yield name


def policy_bounds(su: psycopg.Connection, table: str = "learning_sessions") -> str:
    """A statement that evaluates the four bounds exactly as the table's select policy writes
    them (read from pg_policies, so a test cannot pass against a copy of the policy)."""
    qual = su.execute("SELECT qual FROM pg_policies WHERE schemaname = 'app' AND tablename = %s"
                      " AND policyname = %s", (table, f"{table}_select_app")).fetchone()[0]
    bounds = POLICY_BOUND.findall(qual)
    assert len(bounds) == 4, qual
    return "SELECT " + ", ".join(f"({b})::text" for b in bounds)


def non_sharing_learner(su: psycopg.Connection) -> tuple[str, str]:
    """(learner id, user id) of a learner of tenant A with sessions who does not share."""
    row = su.execute(
        f"SELECT lp.id::text, lp.user_id::text FROM app.learner_profiles lp WHERE lp.tenant_id = %s AND NOT ({SHARES})"
        " AND EXISTS (SELECT FROM app.learning_sessions s WHERE s.tenant_id = lp.tenant_id AND s.learner_id = lp.id)"
        " ORDER BY lp.id LIMIT 1", (A.id,)).fetchone()
    assert row is not None, "the seed must hold a non-sharing learner with sessions"
    return row[0], row[1]


def sessions(conn: psycopg.Connection, learner: str | None = None) -> int:
    if learner is None:
        return conn.execute("SELECT count(*) FROM app.learning_sessions").fetchone()[0]
    return conn.execute("SELECT count(*) FROM app.learning_sessions WHERE learner_id = %s", (learner,)).fetchone()[0]


@pytest.mark.parametrize("field,forged", [(9, NIL), (10, MAX), (11, MAX), (12, "")])
def test_a_client_that_edits_a_learner_data_bound_in_its_stamp_has_no_context(tenantdb, db, field, forged):
    """The HMAC covers the bounds: a student who widens their learner range (or raises their key
    bound) by hand is refused (42501), never shown another learner's rows."""
    with tenantdb.connect(db) as su:
        _, student = non_sharing_learner(su)
    with client_login(tenantdb.backend, db, A.id, "b") as login, \
            psycopg.connect(tenantdb.backend.conninfo(db, login)) as client:
        client.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, student),))
        own = sessions(client)
        assert own > 0, "the student reads their own sessions through the stamp's bounds"
        parts = client.execute("SELECT current_setting('app.context_stamp')").fetchone()[0].split(":")
        assert len(parts) == 13, parts
        parts[field - 1] = forged if parts[field - 1] != forged else NIL
        client.execute("SELECT set_config('app.context_stamp', %s, true)", (":".join(parts),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not set by app.set_context"):
            sessions(client)


@pytest.mark.parametrize("role,n", [("admin", 1), ("educator", 1), ("educator", 2), ("coach", 1), ("student", 1),
                                    ("student", 4), ("no person", 0)])
def test_the_stamps_bounds_are_the_ones_the_plpgsql_function_computes_for_every_role(tenantdb, db, role, n):
    """Same truth table as perf/learner_data_key_policies: the stamp's fields, the policies' bounds
    and the PL/pgSQL visible_learner_ids_bound() agree for every role and for no person (all NULL)."""
    with tenantdb.connect(db) as su:
        new_bounds = {table: policy_bounds(su, table) for table in TABLES}
        if role == "no person":
            su.execute("SELECT app.set_context(%s, NULL)", (A.id,))
        else:
            su.execute("SELECT app.set_context(%s, %s)", (A.id, user_id(A, role, n)))
        in_stamp = tuple(v or None for v in su.execute(STAMP_BOUNDS).fetchone())
        new, old = su.execute(new_bounds["learning_sessions"]).fetchone(), su.execute(OLD_BOUNDS).fetchone()
        others = [su.execute(new_bounds[table]).fetchone() for table in TABLES[1:]]
        su.rollback()
    assert in_stamp == new == old, (in_stamp, new, old)
    assert others == [new, new], "the three policies read the same bounds"
    if role == "no person":
        assert new == (None,) * 4
    elif role in ("admin", "educator", "coach"):
        assert new[:2] == (NIL, MAX)
    else:
        assert new[0] == new[1] is not None and new[2] == MAX


def test_the_bounds_follow_a_role_change_in_the_same_transaction(tenantdb, db):
    """An admin who demotes themselves (the audit trigger and the re-bind trigger of users both
    run) reads as a student without a learner profile from the next statement: nothing."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))
        assert conn.execute(STAMP_BOUNDS).fetchone()[:2] == (NIL, MAX)
        assert sessions(conn) > 0
        conn.execute("UPDATE app.users SET role = 'student' WHERE tenant_id = %s AND id = %s", (A.id, ADMIN_A))
        assert conn.execute("SELECT split_part(current_setting('app.context_stamp'), ':', 3)").fetchone()[0] == "student"
        assert conn.execute(STAMP_BOUNDS).fetchone()[:3] == ("", "", MAX)
        assert sessions(conn) == 0, "a student without a learner profile reads no learner data"
        conn.rollback()


def test_the_bounds_follow_a_new_learner_profile_in_the_same_transaction(tenantdb, db):
    """An educator who becomes the owner of a non-sharing learner profile in the transaction (the
    re-bind trigger of learner_profiles) reads that learner's rows from the next statement: their
    key bound and staff_own_key are their new learner id."""
    educator = user_id(A, "educator", 2)
    with tenantdb.connect(db) as su:
        private, student = non_sharing_learner(su)
        total = su.execute("SELECT count(*) FROM app.learning_sessions WHERE tenant_id = %s AND learner_id = %s",
                           (A.id, private)).fetchone()[0]
        su.execute("SELECT app.set_context(%s, %s)", (A.id, educator))
        assert su.execute(STAMP_BOUNDS).fetchone()[2:] == (NIL, "")
        su.execute(f"SET LOCAL ROLE {APP_ROLE}")
        assert sessions(su, private) == 0, "an educator reads no row of a learner who does not share"
        su.execute("RESET ROLE")
        su.execute("UPDATE app.learner_profiles SET user_id = %s WHERE tenant_id = %s AND id = %s", (educator, A.id, private))
        assert su.execute(STAMP_BOUNDS).fetchone()[2:] == (private, private)
        su.execute(f"SET LOCAL ROLE {APP_ROLE}")
        assert sessions(su, private) == total > 0, "their own learner profile's rows, shared or not"
        su.rollback()
    assert student


def test_a_superuser_with_hand_set_ids_gets_the_looked_up_bounds_and_anyone_else_no_context(tenantdb, db):
    """The branch a bound context never takes (unbound_visible_learner_ids_bound()): the verify
    scripts' hand-set ids look the person up; a client role without a context gets 42501."""
    with tenantdb.connect(db) as su:
        new_bounds = policy_bounds(su)
        su.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true)",
                   (A.id, user_id(A, "educator", 1)))
        assert su.execute(new_bounds).fetchone() == su.execute(OLD_BOUNDS).fetchone() == (NIL, MAX, NIL, None)
        su.rollback()
    with tenantdb.connect(db, role=SERVICE_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM app.learning_sessions").fetchone()


def test_a_stamp_of_an_earlier_transaction_is_never_read_for_the_bounds(tenantdb, db):
    """The binding check written out in each bound is context_is_current(): an admin's stamp
    (learner range nil..max) replayed in a later transaction of the same backend is ignored. A
    superuser with hand-set ids of a student gets the student's looked-up bounds, not the admin's;
    the app role gets 42501 (no context), never the admin's rows."""
    with tenantdb.connect(db) as su:
        new_bounds = policy_bounds(su)
        su.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))
        stale = su.execute("SELECT current_setting('app.context_stamp')").fetchone()[0]
        assert su.execute(new_bounds).fetchone()[:2] == (NIL, MAX)
        su.commit()
        _, student = non_sharing_learner(su)
        su.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                   " set_config('app.context_stamp', %s, true)", (A.id, student, stale))
        assert su.execute("SELECT app_private.context_is_current()").fetchone()[0] is False
        replayed = su.execute(new_bounds).fetchone()
        assert replayed == su.execute(OLD_BOUNDS).fetchone(), replayed
        assert replayed[0] == replayed[1] != NIL and replayed[2] == MAX, "the student's own learner id"
        su.rollback()
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))
        stale = conn.execute("SELECT current_setting('app.context_stamp')").fetchone()[0]
        conn.commit()
        conn.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                     " set_config('app.context_stamp', %s, true)", (A.id, ADMIN_A, stale))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sessions(conn)


#: The functions of the stamp read written out between the remembered bound and the unbound path
#: (the first instance of the change, kept by perf/learner_data_bounds_remembered): gone since the
#: rework after @v0.2.0. The executor set them up, and checked EXECUTE on each, at every start.
WRITTEN_OUT_READ = ("starts_with(", "concat_ws(", "pg_backend_pid(", "date_part(", "split_part(")


def test_the_learner_data_policies_read_each_bound_with_one_call_of_the_library(tenantdb, db):
    """Each policy's four bounds are InitPlans of one call of the tenantdb_context library: the
    remembered bound, else the unbound path (perf/learner_data_bounds_remembered reworked after
    @v0.3.0). No CASE naming three functions the executor sets up and checks at every start (the
    second instance of perf/learner_data_bounds_in_stamp); no call of visible_learner_ids_bound(),
    whose first call cost ~17 us per transaction; none of the written-out read of the stamp."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, user_id(A, "educator", 1)))
        for table in TABLES:
            plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM app.{table}"))
            assert "app_private.visible_learner_ids_bound(" not in plan and "SubPlan" not in plan, plan
            assert plan.count(ONE_CALL) == 4 and plan.count("InitPlan") >= 4, plan
            assert "CASE" not in plan and "bound_context_is_remembered" not in plan, plan
            assert "app_private.unbound_visible_learner_ids_bound(" not in plan, plan
            assert [f for f in WRITTEN_OUT_READ if f in plan] == [], plan
        conn.rollback()


def _script(kind: str, change: str = "learner_data_bounds_in_stamp", instance: str = "") -> str:
    """A deploy, revert or verify script of a change: its newest instance, or `instance` (`@v0.3.0`)."""
    return (project_root() / kind / "perf" / f"{change}{instance}.sql").read_text()


def _run_script(su: psycopg.Connection, kind: str, notices: list[str] | None = None,
                change: str = "learner_data_bounds_in_stamp", instance: str = "") -> None:
    """A deploy, revert or verify script, as Sqitch's psql would run it."""
    if notices is not None:
        su.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    su.execute(_script(kind, change, instance))


def _quals(su: psycopg.Connection) -> dict[str, str]:
    return dict(su.execute("SELECT tablename, qual FROM pg_policies WHERE schemaname = 'app'"
                           " AND policyname = tablename || '_select_app' AND tablename = ANY(%s)", (list(TABLES),)).fetchall())


REMEMBERED = "learner_data_bounds_remembered"


def _case_form(quals: dict[str, str]) -> bool:
    """The second instance of perf/learner_data_bounds_in_stamp's text: a CASE per bound."""
    return all(q.count("THEN tenantdb_context.remembered_learner_data_bound(") == 4 and ONE_CALL not in q
               and "split_part(" not in q for q in quals.values())


def test_where_the_policies_never_read_the_remembered_context_the_reworks_change_nothing_and_say_so(tenantdb, fresh_db):
    """Without the tenantdb_context extension (another server, Citus, a deployer that is not a
    superuser) perf/learner_data_bounds_remembered did nothing and the written-out read of the
    stamp is the policies' only path to their bounds: the reworks after @v0.2.0 and @v0.3.0 must
    leave it, say why, and their verify scripts accept that form. Made here by reverting the
    changes by hand, newest first."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        _run_script(su, "revert")
        _run_script(su, "revert", change=REMEMBERED)
        _run_script(su, "revert", instance="@v0.3.0")
        _run_script(su, "revert", change=REMEMBERED, instance="@v0.2.0")
        written_out = _quals(su)
        assert all(q.count("split_part(") == 4 and "remembered_" not in q for q in written_out.values())
        notices: list[str] = []
        _run_script(su, "deploy", notices, instance="@v0.3.0")  # the handler stays for the next two
        _run_script(su, "deploy", change=REMEMBERED)
        _run_script(su, "deploy")
        assert _quals(su) == written_out
        assert sum("do not read the remembered context here" in n for n in notices) == 2, notices
        _run_script(su, "verify")
        _run_script(su, "verify", change=REMEMBERED)


def test_the_one_call_rework_reverts_to_the_case_form_and_deploys_again(tenantdb, fresh_db):
    """perf/learner_data_bounds_remembered reworked after @v0.3.0: its revert gives the policies the
    second instance of perf/learner_data_bounds_in_stamp's text back (the CASE per bound, which
    that instance's deploy, run again, leaves as it is) and drops the reader; deployed again, one
    call per bound. Both newest verify scripts accept both forms' states. (The schema after each
    step is compared with the plan's in tests/test_migrations.py and tests/test_upgrade.py.)"""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        lean = _quals(su)
        assert all(q.count(ONE_CALL) == 4 for q in lean.values()), lean
        _run_script(su, "revert", change=REMEMBERED)
        reverted = _quals(su)
        assert _case_form(reverted), reverted
        assert su.execute("SELECT to_regprocedure(%s)", (ONE_CALL.rstrip("(") + "(text)",)).fetchone()[0] is None
        _run_script(su, "verify")
        _run_script(su, "verify", change=REMEMBERED)
        _run_script(su, "deploy", instance="@v0.3.0")  # the CASE is exactly what it writes
        assert _quals(su) == reverted
        _run_script(su, "deploy", change=REMEMBERED)
        assert _quals(su) == lean
        _run_script(su, "verify")
        _run_script(su, "verify", change=REMEMBERED)


def test_a_deployer_that_is_not_a_superuser_keeps_the_case_and_is_told_why(tenantdb, fresh_db):
    """A C function can only be declared by a superuser: deployed by the schema owner, the rework
    leaves the CASE per bound, says why, and both verify scripts accept it."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        _run_script(su, "revert", change=REMEMBERED)
        before = _quals(su)
        notices: list[str] = []
        su.execute("SET ROLE tenantdb_owner")
        _run_script(su, "deploy", notices, change=REMEMBERED)
        su.execute("RESET ROLE")
        assert _quals(su) == before and _case_form(before)
        assert any("is not a superuser" in n for n in notices), notices
        _run_script(su, "verify")
        _run_script(su, "verify", change=REMEMBERED)


def test_the_one_call_verify_refuses_a_case_left_beside_a_declared_reader(tenantdb, fresh_db):
    """The verify script of the one-call rework fails where the reader is declared but a policy
    still reads a bound with the CASE: the rework must have rewritten all three policies."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        case = _script("deploy", instance="@v0.3.0")
        _run_script(su, "revert", change=REMEMBERED)
        _run_script(su, "deploy", change=REMEMBERED)
        su.execute(case.replace("ARRAY['learning_sessions', 'struggle_events', 'intervention_logs']",
                                "ARRAY['struggle_events']").replace(
            "qual LIKE '%tenantdb_context.remembered_learner_data_bound(%'", "qual IS NOT NULL"))
        with pytest.raises(psycopg.errors.RaiseException, match="struggle_events select policy does not read each bound with one call"):
            _run_script(su, "verify", change=REMEMBERED)
        su.execute("ROLLBACK")  # the script's own BEGIN, left open by the error
