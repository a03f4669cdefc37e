"""In-tenant planner side channels (issue 18): with EXPLAIN ANALYZE a student read classmates'
struggle-event and session counts from "Rows Removed by Filter", because the student policy was
a filter on a tenant-led index. The learner-data policies are now `learner_id = ANY (the ids the
person may read)`, an index condition: a student's scan never visits a classmate's row.
What remains is listed in docs/security.md ("Residual risks"); the last test pins one of them so
the list stays true."""

from __future__ import annotations

import json

import pytest

from side_channel_plans import rows_removed_by_filter
from tenantdb.bench import plan_nodes
from tenantdb.context import tenant_transaction
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE

TENANT = DEMO_TENANTS[0]
STUDENT = user_id(TENANT, "student", 1)

#: Queries a student might run against learner data, each over the whole tenant's rows.
LEARNER_QUERIES = [
    "SELECT * FROM app.struggle_events",
    "SELECT count(*) FROM app.struggle_events WHERE severity > 0.1",
    "SELECT * FROM app.learning_sessions WHERE session_start > now() - interval '10 years'",
    "SELECT * FROM app.intervention_logs",
]


def explain_as_student(tenantdb, db: str, query: str) -> list[dict]:
    with tenantdb.connect(db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, TENANT.id, STUDENT) as cur:
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF, COSTS OFF) " + query)
        raw = cur.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return list(plan_nodes(plan))


@pytest.mark.parametrize("query", LEARNER_QUERIES)
def test_a_student_cannot_count_classmates_learner_rows_through_the_plan(tenantdb, seeded_db, query):
    with tenantdb.connect(seeded_db, role=APP_ROLE) as conn:
        removed = rows_removed_by_filter(conn, TENANT.id, STUDENT, query,
                                         ("struggle_events", "learning_sessions", "intervention_logs"))
    assert all(n == 0 for n in removed.values()), \
        f"EXPLAIN ANALYZE as a student shows rows of other learners removed by a filter: {removed} ({query})"


def test_residual_risk_enrollment_counts_stay_visible_in_plans(tenantdb, seeded_db):
    """Listed in docs/security.md: a student's enrollment policy is still a filter (staff read
    every enrollment through an OR), so "Rows Removed by Filter" on enrollments_course_idx tells
    how many others are enrolled in a course the student can name. If this starts failing, the
    channel is closed: remove it from the residual risks."""
    query = ("SELECT * FROM app.enrollments WHERE course_id IN (SELECT e.course_id FROM app.enrollments e"
             " WHERE e.user_id = app.current_user_id())")
    removed = sum(n.get("Rows Removed by Filter", 0) for n in explain_as_student(tenantdb, seeded_db, query)
                  if n.get("Relation Name") == "enrollments")
    assert removed > 0


def test_residual_risk_an_lti_subject_lookup_reveals_that_the_profile_exists(tenantdb, seeded_db):
    """Listed in docs/security.md: looking a learner profile up by its LTI subject uses the
    unique (tenant_id, lti_user_id) index and filters by the policy, so "Rows Removed by Filter:
    1" says a classmate with that subject exists. If this starts failing, remove the entry."""
    query = "SELECT * FROM app.learner_profiles WHERE lti_user_id = 'lti-northwind-student-02'"
    removed = sum(n.get("Rows Removed by Filter", 0) for n in explain_as_student(tenantdb, seeded_db, query)
                  if n.get("Relation Name") == "learner_profiles")
    assert removed == 1
