"""perf/accessor_fast_path: the context accessors cast a context bound by app.set_context() /
app.set_token() directly and keep their superuser and error branches in one non-inlined call each
(the regular expression and the set-up of never-taken calls were most of a policy InitPlan's
cost). One named test per way this could loosen a check: a hand-edited value in an app session,
a hand-edited tenant in a client session, no context at all, the superuser path of the verify
scripts (hand-set values, still validated and still resolved), and the plan shape."""

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
EDUCATOR_A = user_id(A, "educator", 1)
STUDENT_A = user_id(A, "student", 1)
KEYRING = TokenKeyring({"k-fast-path": os.urandom(32)}, "k-fast-path")


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded_with_keys("accessor_fast_path", KEYRING) as name:
        yield name


def test_a_malformed_tenant_set_by_hand_after_set_context_fails_closed(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT_A))
        conn.execute("SELECT set_config('app.tenant_id', 'not-a-uuid', true)")
        # 22P02 casting it (SQL accessors), or 42501: not the remembered context (perf/context_cache).
        with pytest.raises((psycopg.errors.InvalidTextRepresentation, psycopg.errors.InsufficientPrivilege)):
            conn.execute("SELECT count(*) FROM app.users").fetchone()
        conn.rollback()


def test_a_malformed_person_set_by_hand_after_set_context_fails_closed(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT_A))
        conn.execute("SELECT set_config('app.user_id', '{not a uuid}', true)")
        with pytest.raises((psycopg.errors.InvalidTextRepresentation, psycopg.errors.InsufficientPrivilege)):
            conn.execute("SELECT count(*) FROM app.conversations").fetchone()
        conn.rollback()


def test_a_client_that_changes_its_tenant_by_hand_has_no_context(tenantdb, db):
    with client_login(tenantdb.backend, db, A.id, "f") as login, \
            psycopg.connect(tenantdb.backend.conninfo(db, login)) as client:
        client.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT_A),))
        assert client.execute("SELECT count(*) FROM app.users").fetchone()[0] == 1
        client.execute("SELECT set_config('app.tenant_id', %s, true)", (B.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not set by app.set_context"):
            client.execute("SELECT count(*) FROM app.users").fetchone()


@pytest.mark.parametrize("table", ["app.users", "app.workspaces", "app.courses", "app.learning_sessions"])
def test_without_a_context_every_lookup_still_raises_42501(tenantdb, db, table):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no tenant context: app.tenant_id"):
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        conn.rollback()


def test_a_stale_stamp_of_an_earlier_transaction_is_no_context(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        settings = conn.execute("SELECT current_setting('app.tenant_id'), current_setting('app.user_id'),"
                                " current_setting('app.context_stamp')").fetchone()
        conn.commit()
        conn.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                     " set_config('app.context_stamp', %s, true)", settings)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another transaction"):
            conn.execute("SELECT count(*) FROM app.workspaces").fetchone()
        conn.rollback()


def test_a_superuser_session_with_hand_set_ids_is_still_validated_and_resolved(tenantdb, db):
    with tenantdb.connect(db) as su:
        su.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true)", (A.id, EDUCATOR_A))
        assert su.execute("SELECT app.current_tenant_id()::text, app.current_user_id()::text,"
                          " app_private.resolved_person_role()").fetchone() == (A.id, EDUCATOR_A, "educator")
        looked_up = su.execute("SELECT viewer_workspace_ids, course_ids FROM app_private.lookup_person_context()").fetchone()
        assert su.execute("SELECT app_private.resolved_workspace_ids('viewer'), app_private.resolved_course_ids()").fetchone() \
            == looked_up
        assert su.execute("SELECT app_private.resolved_workspace_ids('nobody')").fetchone()[0] == []
        su.execute("SELECT set_config('app.tenant_id', 'garbage', true)")
        with pytest.raises(psycopg.errors.InvalidTextRepresentation, match="invalid tenant context: app.tenant_id"):
            su.execute("SELECT app.current_tenant_id()")
        su.rollback()


def test_the_policy_initplans_carry_no_regex_and_no_lookup_call(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM app.workspaces").fetchall())
        conn.rollback()
    # The rare branch is in the plan (an ELSE unbound_* call), or inside the library's one call
    # (perf/context_cache reworked after @v0.2.0).
    assert "InitPlan" in plan and ("unbound_" in plan or "tenantdb_context.remembered_uuids(" in plan), plan
    assert "[0-9a-fA-F]" not in plan and "lookup_person_context" not in plan and "reject_missing_context" not in plan, plan


def test_the_visible_learners_are_unchanged_for_students_educators_and_the_superuser_path(tenantdb, db):
    """resolved_visible_learner_ids() reads role and learner id from the stamp under one binding
    check: a student sees their own sessions, an educator those of consenting learners, and the
    superuser path (hand-set ids) resolves the same set."""
    with tenantdb.connect(db) as su:
        consenting = {r[0] for r in su.execute(
            "SELECT id::text FROM app.learner_profiles WHERE tenant_id = %s"
            " AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none'", (A.id,))}
        with_sessions = {r[0] for r in su.execute(
            "SELECT DISTINCT learner_id::text FROM app.learning_sessions WHERE tenant_id = %s", (A.id,))}
        own = su.execute("SELECT id::text FROM app.learner_profiles WHERE tenant_id = %s AND user_id = %s",
                         (A.id, STUDENT_A)).fetchone()[0]
        su.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true)", (A.id, EDUCATOR_A))
        by_hand = {str(x) for x in su.execute("SELECT app_private.resolved_visible_learner_ids()").fetchone()[0]}
        su.rollback()
    assert by_hand == consenting
    sessions = "SELECT DISTINCT learner_id::text FROM app.learning_sessions"
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT_A))
        assert {r[0] for r in conn.execute(sessions)} <= {own}
        conn.rollback()
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        seen = {r[0] for r in conn.execute(sessions)}
        conn.rollback()
    assert seen and seen == consenting & with_sessions
