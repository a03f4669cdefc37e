"""perf/resolved_context: the acting person's role, learner id, course ids and workspace ids are
resolved once per transaction (when the context is bound) into the signed stamp, and the
policies read them there. One named test per way that could widen access: a stale value after a
write in the same transaction, a value a client edits by hand, a demotion committed elsewhere
(documented: it applies from the person's next transaction), and the superuser path of the
verify scripts."""

from __future__ import annotations

import os

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue

A, B = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
EDUCATOR_A = user_id(A, "educator", 1)
STUDENT_A = user_id(A, "student", 1)
KEYRING = TokenKeyring({"k-resolved": os.urandom(32)}, "k-resolved")
STAMP = "current_setting('app.context_stamp')"


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded_with_keys("resolved_context", KEYRING) as name:
        yield name


def roster(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM app.users").fetchone()[0]


def course_not_enrolled_in(tenantdb, db: str, person: str) -> str:
    """A course of tenant A that `person` is not enrolled in (read as the superuser)."""
    with tenantdb.connect(db) as su:
        return su.execute("SELECT c.id::text FROM app.courses c WHERE c.tenant_id = %s AND c.id NOT IN"
                          " (SELECT e.course_id FROM app.enrollments e WHERE e.tenant_id = %s AND e.user_id = %s)"
                          " ORDER BY 1 LIMIT 1", (A.id, A.id, person)).fetchone()[0]


def act_as(conn: psycopg.Connection, person: str) -> None:
    conn.execute("SELECT app.set_context(%s, %s)", (A.id, person))


def test_an_admin_who_demotes_themselves_reads_as_a_student_from_the_next_statement(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, ADMIN_A)
        assert roster(conn) > 1, "an admin reads the roster"
        conn.execute("UPDATE app.users SET role = 'student' WHERE id = %s", (ADMIN_A,))
        assert conn.execute(f"SELECT split_part({STAMP}, ':', 3)").fetchone()[0] == "student"
        assert roster(conn) == 1, "the demotion holds from the next statement, not the next transaction"
        conn.rollback()


def test_an_owner_who_leaves_a_workspace_stops_seeing_it_in_the_same_transaction(tenantdb, db):
    with tenantdb.connect(db) as su:
        person, workspace = su.execute(
            "SELECT m.user_id::text, m.workspace_id::text FROM app.workspace_members m JOIN app.users u"
            " ON u.tenant_id = m.tenant_id AND u.id = m.user_id"
            " WHERE m.tenant_id = %s AND m.member_role = 'owner' AND u.role <> 'admin' ORDER BY 1, 2 LIMIT 1",
            (A.id,)).fetchone()
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, person)
        sees = "SELECT count(*) FROM app.workspaces WHERE id = %s"
        assert conn.execute(sees, (workspace,)).fetchone()[0] == 1
        conn.execute("DELETE FROM app.workspace_members WHERE workspace_id = %s AND user_id = %s", (workspace, person))
        assert conn.execute(sees, (workspace,)).fetchone()[0] == 0, "a dropped membership must not linger"
        conn.rollback()


def test_a_student_cannot_enroll_themselves_to_read_a_course(tenantdb, db):
    course = course_not_enrolled_in(tenantdb, db, STUDENT_A)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, STUDENT_A)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO app.enrollments (tenant_id, user_id, course_id) VALUES (%s, %s, %s)",
                         (A.id, STUDENT_A, course))
        conn.rollback()
        act_as(conn, STUDENT_A)
        assert conn.execute("SELECT count(*) FROM app.courses WHERE id = %s", (course,)).fetchone()[0] == 0
        conn.rollback()


def test_an_enrollment_made_in_the_transaction_is_in_the_resolved_course_ids(tenantdb, db):
    course = course_not_enrolled_in(tenantdb, db, EDUCATOR_A)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, EDUCATOR_A)
        assert course not in conn.execute(f"SELECT split_part({STAMP}, ':', 5)").fetchone()[0]
        conn.execute("INSERT INTO app.enrollments (tenant_id, user_id, course_id) VALUES (%s, %s, %s)",
                     (A.id, EDUCATOR_A, course))
        assert course in conn.execute(f"SELECT split_part({STAMP}, ':', 5)").fetchone()[0]
        conn.execute("DELETE FROM app.enrollments WHERE tenant_id = %s AND user_id = %s AND course_id = %s",
                     (A.id, EDUCATOR_A, course))
        assert course not in conn.execute(f"SELECT split_part({STAMP}, ':', 5)").fetchone()[0]
        conn.rollback()


def test_a_demotion_committed_elsewhere_applies_from_the_persons_next_transaction(tenantdb, db):
    """Documented (docs/security.md): the resolved values are a snapshot taken at set_context,
    like the transaction's own REPEATABLE READ view of them; the next transaction re-resolves."""
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenantdb.connect(db, autocommit=True) as su:
        act_as(conn, EDUCATOR_A)
        assert roster(conn) > 1
        su.execute("UPDATE app.users SET role = 'student' WHERE id = %s", (EDUCATOR_A,))
        try:
            assert roster(conn) > 1, "within the transaction that bound it, the resolved role stands"
            conn.commit()
            act_as(conn, EDUCATOR_A)
            assert roster(conn) == 1, "the next transaction resolves the demotion"
            conn.rollback()
        finally:
            su.execute("UPDATE app.users SET role = 'educator' WHERE id = %s", (EDUCATOR_A,))


@pytest.mark.parametrize("field,forged", [(3, "admin"), (5, "{}"), (4, "")])
def test_a_client_that_edits_a_resolved_value_in_the_stamp_has_no_context(tenantdb, db, field, forged):
    with client_login(tenantdb.backend, db, A.id, "r") as login, \
            psycopg.connect(tenantdb.backend.conninfo(db, login)) as client:
        client.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT_A),))
        assert roster(client) == 1
        parts = client.execute(f"SELECT {STAMP}").fetchone()[0].split(":")
        parts[field - 1] = forged if parts[field - 1] != forged else "{" + A.id + "}"
        client.execute("SELECT set_config('app.context_stamp', %s, true)", (":".join(parts),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not set by app.set_context"):
            roster(client)


def test_a_superuser_session_with_hand_set_ids_still_resolves_the_lookups(tenantdb, db):
    with tenantdb.connect(db) as su:
        su.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true)", (A.id, EDUCATOR_A))
        assert su.execute("SELECT app_private.current_person_role(), app_private.resolved_person_role()").fetchone() \
            == ("educator", "educator")
        su.rollback()


def test_the_roster_policy_reads_the_stamp_once_per_statement(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, EDUCATOR_A)
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM app.users").fetchall())
        conn.rollback()
    assert "SubPlan" not in plan, plan
    # Read from the stamp (SQL accessors) or from the remembered context (perf/context_cache).
    assert "current_person_role" not in plan, plan
    assert ("split_part(current_setting('app.context_stamp'" in plan or "tenantdb_context.remembered_person_role()" in plan
            or "tenantdb_context.remembered_text('person_role'" in plan), plan


def test_an_educators_learner_roster_is_exactly_the_consenting_learners_decided_per_row(tenantdb, db):
    """perf/learner_profiles_consent_row_local: the roster policy reads privacy_settings of the row
    instead of searching an array of every consenting learner's id for each row (linear: 125 ms
    for an educator of a 9,226-learner tenant). Who is visible must not change."""
    with tenantdb.connect(db) as su:
        consenting = {r[0] for r in su.execute(
            "SELECT id::text FROM app.learner_profiles WHERE tenant_id = %s"
            " AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none'", (A.id,))}
        everyone = su.execute("SELECT count(*) FROM app.learner_profiles WHERE tenant_id = %s", (A.id,)).fetchone()[0]
        policy = su.execute("SELECT pg_get_expr(polqual, polrelid) FROM pg_policy"
                            " WHERE polrelid = 'app.learner_profiles'::regclass AND polname = 'learner_profiles_select_app'").fetchone()[0]
    assert 0 < len(consenting) < everyone, "the seed must hold learners who share and learners who do not"
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        act_as(conn, EDUCATOR_A)
        seen = {r[0] for r in conn.execute("SELECT id::text FROM app.learner_profiles")}
        conn.rollback()
    assert seen == consenting
    assert "data_sharing" in policy and "resolved_visible_learner_ids" not in policy, policy
