"""In-tenant planner side channels at the bench's data shape (issue 13, session 4).

tests/test_side_channels.py checks the demo seed's statistics. Whether a policy stays an index
condition is the planner's choice, and it depends on the sizes: priced as one of 1,000 tenants,
the largest tenant of the quick bench data (`tenantdb bench --size quick`: 20 Zipf tenants, 5,000
rows per tenant on average, 1,185 sessions in the largest) looks like a handful of rows. With
`perf/learning_sessions_learner_led_key` (a sessions key led by (tenant_id, learner_id), tried in
session 4 and withdrawn) the planner then read the tenant's range of learning_sessions_pkey or
learning_sessions_start_idx and filtered by the policy: through EXPLAIN ANALYZE a student of that
tenant counted 1,180 classmates' sessions and an educator 295 sessions of learners who do not
share their data; main's key gave 0 for both. The test in tests/test_bench.py on its 12,000-row
data passed with that key: at that size the index plan wins. These tests use the data shape
where it flips, so an index change that reopens the channel fails here."""

from __future__ import annotations

import pytest

from side_channel_plans import rows_removed_by_filter, set_tenant_id_n_distinct, tenant_id_n_distinct
from tenantdb import bench
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE

#: The quick bench run's main data: the shape on which the withdrawn key showed the channel.
SPEC = bench.SIZES["quick"].main
#: The learner tables whose policy is `learner_id = ANY (the ids the person may read)`.
LEARNER_TABLES = ("learner_profiles", "learning_sessions", "struggle_events", "intervention_logs")

#: Tenant-wide queries over a student's or an educator's learner data.
STUDENT_QUERIES = [
    "SELECT * FROM app.learning_sessions WHERE session_start > now() - interval '10 years'",
    "SELECT * FROM app.learning_sessions ORDER BY session_start DESC LIMIT 20",
    "SELECT count(*) FROM app.learning_sessions",
]
EDUCATOR_QUERIES = [
    "SELECT count(*) FROM app.learning_sessions",
    "SELECT * FROM app.learning_sessions WHERE session_start > now() - interval '10 years'",
]


@pytest.fixture(scope="module")
def priced_as_1000_tenants(tenantdb):
    """The quick bench data in a clone, with n_distinct(tenant_id) = 1000 on the learner tables
    (and their partitions), analyzed: the planner prices every tenant as one of 1,000, as on the
    full bench data."""
    with tenantdb.clone("side_channels_at_scale") as db:
        bench.load(tenantdb.backend, db, SPEC)
        tables = [f"app.{t}" for t in LEARNER_TABLES]
        with tenantdb.connect(db, autocommit=True) as conn:
            set_tenant_id_n_distinct(conn, tables, "SET (n_distinct = 1000)")
            priced = tenant_id_n_distinct(conn, tables)
        assert priced.get("learning_sessions") == 1000 and all(n == 1000 for n in priced.values()), \
            f"tenant_id is not priced as 1,000 tenants: {priced}"
        with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn:
            actor = bench.read_actors(conn)[0]
            [(sessions,)] = conn.execute("SELECT count(*) FROM app.learning_sessions WHERE tenant_id = %s",
                                         (actor["tenant_id"],)).fetchall()
        assert sessions > 1_000, f"the largest tenant should hold over 1,000 sessions, not {sessions}"
        yield db, actor


def removed_as(tenantdb, db: str, tenant_id: str, person_id: str, query: str) -> dict[str, int]:
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        return rows_removed_by_filter(conn, tenant_id, person_id, query, LEARNER_TABLES)


@pytest.mark.parametrize("query", STUDENT_QUERIES)
def test_a_student_of_the_largest_quick_bench_tenant_priced_as_one_of_1000_cannot_count_classmates_sessions(
        tenantdb, priced_as_1000_tenants, query):
    db, actor = priced_as_1000_tenants
    removed = removed_as(tenantdb, db, actor["tenant_id"], actor["user_id"], query)
    assert all(n == 0 for n in removed.values()), \
        f"EXPLAIN ANALYZE as a student shows classmates' rows removed by a filter: {removed} ({query})"


@pytest.mark.parametrize("query", EDUCATOR_QUERIES)
def test_an_educator_of_the_largest_quick_bench_tenant_priced_as_one_of_1000_cannot_count_non_sharing_learners_sessions(
        tenantdb, priced_as_1000_tenants, query):
    """An educator reads the sessions of learners who share their data; the others' must not show
    as "Rows Removed by Filter" (295 with the withdrawn key, 0 with main's)."""
    db, actor = priced_as_1000_tenants
    removed = removed_as(tenantdb, db, actor["tenant_id"], actor["educator_id"], query)
    assert all(n == 0 for n in removed.values()), \
        f"EXPLAIN ANALYZE as an educator shows non-sharing learners' rows removed by a filter: {removed} ({query})"


#: An educator naming one learner (the bench's educator_student_sessions), and that learner's
#: struggles and interventions.
NAMED_LEARNER_QUERIES = [
    "SELECT id, session_start FROM app.learning_sessions WHERE learner_id = %(learner)s ORDER BY session_start DESC LIMIT 20",
    "SELECT count(*) FROM app.learning_sessions WHERE learner_id = %(learner)s",
    "SELECT count(*) FROM app.struggle_events WHERE learner_id = %(learner)s",
    "SELECT count(*) FROM app.intervention_logs WHERE learner_id = %(learner)s",
]


@pytest.mark.parametrize("query", NAMED_LEARNER_QUERIES)
def test_an_educator_who_names_a_learner_who_does_not_share_cannot_count_their_rows_through_explain_analyze(
        tenantdb, priced_as_1000_tenants, query):
    """The row-local consent key (perf/learner_data_key_policies) must be an index condition also on
    the learner-led index: with it as a filter, "Rows Removed by Filter" on a query naming a learner
    who does not share is the number of their sessions (5 in the session-4 prototype)."""
    db, actor = priced_as_1000_tenants
    with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn:
        [(learner, sessions)] = conn.execute(
            "SELECT lp.id::text, count(s.id) FROM app.learner_profiles lp JOIN app.learning_sessions s"
            " ON s.tenant_id = lp.tenant_id AND s.learner_id = lp.id WHERE lp.tenant_id = %s"
            " AND coalesce(lp.privacy_settings ->> 'data_sharing', 'none') = 'none' GROUP BY 1 ORDER BY 1 LIMIT 1",
            (actor["tenant_id"],)).fetchall()
    assert sessions > 0, "the learner who does not share must have sessions for the test to mean anything"
    removed = removed_as(tenantdb, db, actor["tenant_id"], actor["educator_id"], query % {"learner": f"'{learner}'::uuid"})
    assert all(n == 0 for n in removed.values()), \
        f"EXPLAIN ANALYZE as an educator counts the rows of a learner who does not share: {removed} ({query})"
