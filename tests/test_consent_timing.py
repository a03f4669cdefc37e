"""When a learner's consent change reaches an educator (issue 13, learning/consent): the learner-data
policies (sessions, struggle events, interventions) compare each row's learner_data_key, which the
transaction that changes a learner's data_sharing rewrites on all their rows
(perf/learner_data_key; before session 5 they read the educator's visible learner ids per
statement), so a consent granted or revoked by another transaction is seen from the educator's
next statement, inside a transaction already open. Unlike the role, learner id, course and
workspace ids (perf/resolved_context: from the person's next transaction). These tests pin that
timing: a change that resolves consent once per transaction (docs/benchmarks-analysis.md,
"Session 4", why it was not built) must change them on purpose, with docs/security.md."""

from __future__ import annotations

import psycopg
import pytest

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE

A, _ = DEMO_TENANTS
EDUCATOR_A = user_id(A, "educator", 1)
LEARNER_SESSIONS = "SELECT count(*) FROM app.learning_sessions WHERE learner_id = %s"
SHARES = "coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none'"


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("consent_timing") as name:
        yield name


def learner_with_sessions(tenantdb, db: str, *, shares: bool) -> tuple[str, dict, int]:
    """A learner of tenant A who does (or does not) share their data, their privacy_settings and
    their number of sessions (read as the superuser)."""
    with tenantdb.connect(db) as su:
        row = su.execute(
            f"SELECT lp.id::text, lp.privacy_settings, count(*) FROM app.learner_profiles lp"
            f" JOIN app.learning_sessions s ON s.tenant_id = lp.tenant_id AND s.learner_id = lp.id"
            f" WHERE lp.tenant_id = %s AND ({SHARES}) = %s GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1",
            (A.id, shares)).fetchone()
    assert row is not None, f"the seed must hold a learner with sessions who {'shares' if shares else 'does not share'}"
    return row[0], row[1], row[2]


def set_data_sharing(su: psycopg.Connection, learner: str, settings: dict | None) -> None:
    su.execute("UPDATE app.learner_profiles SET privacy_settings = %s::jsonb WHERE tenant_id = %s AND id = %s",
               (psycopg.types.json.Jsonb(settings), A.id, learner))


def test_a_consent_revoked_elsewhere_hides_the_learners_sessions_from_the_educators_next_statement(tenantdb, db):
    learner, settings, sessions = learner_with_sessions(tenantdb, db, shares=True)
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenantdb.connect(db, autocommit=True) as su:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        assert conn.execute(LEARNER_SESSIONS, (learner,)).fetchone()[0] == sessions
        set_data_sharing(su, learner, {**(settings or {}), "data_sharing": "none"})
        try:
            assert conn.execute(LEARNER_SESSIONS, (learner,)).fetchone()[0] == 0, \
                "a revoked consent holds from the educator's next statement, in the same transaction"
            conn.rollback()
        finally:
            set_data_sharing(su, learner, settings)


def test_a_consent_granted_elsewhere_shows_the_learners_sessions_at_the_educators_next_statement(tenantdb, db):
    learner, settings, sessions = learner_with_sessions(tenantdb, db, shares=False)
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenantdb.connect(db, autocommit=True) as su:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        assert conn.execute(LEARNER_SESSIONS, (learner,)).fetchone()[0] == 0
        set_data_sharing(su, learner, {**(settings or {}), "data_sharing": "institution"})
        try:
            assert conn.execute(LEARNER_SESSIONS, (learner,)).fetchone()[0] == sessions, \
                "a granted consent holds from the educator's next statement, in the same transaction"
            conn.rollback()
        finally:
            set_data_sharing(su, learner, settings)


def test_the_educators_consent_check_is_the_rows_key_bounded_once_per_statement(tenantdb, db):
    """Since perf/learner_data_key_policies consent is decided on the row (learner_data_key, kept
    by triggers in the transaction that changes it): the sessions policy compares it with bounds
    read once per statement (InitPlans), never a per-row SubPlan, and no longer queries the tenant's
    learner profiles per statement (staff_visible_learner_ids: docs/benchmarks-analysis.md,
    "Session 5")."""
    learner, _, _ = learner_with_sessions(tenantdb, db, shares=True)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN (VERBOSE, COSTS OFF) " + LEARNER_SESSIONS.replace("%s", f"'{learner}'::uuid")).fetchall())
        conn.rollback()
    assert "SubPlan" not in plan and "InitPlan" in plan, plan
    assert "learner_data_key" in plan and "staff_visible_learner_ids" not in plan, plan
