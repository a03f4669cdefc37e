"""perf/staff_check_once: the staff-wide read policies (users, courses, enrollments, documents,
document_chunks) ask the role once per statement, an InitPlan compared with 1, instead of comparing
the role's text with ARRAY['educator', 'coach', 'admin'] on every row that fails the own-row test
(docs/benchmarks-analysis.md, "Session 6: where the policies cost most"). The first instance put
the role test after the own-row test everywhere; the instance reworked after @v0.3.0 (session 17)
puts it first in the enrollments policy, so staff reading every enrollment of their courses
compare one integer per row and never their own id. Named tests: the plan shape (never a timing),
and that who sees which row, what a student's filters remove and every estimate did not move
against the policies before the change (both instances reverted), for each role of the demo roster,
as the client role."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from side_channel_plans import rows_removed_by_filter
from tenantdb.bench import plan_nodes
from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, project_root

A, B = DEMO_TENANTS
TABLES = ("users", "courses", "enrollments", "documents", "document_chunks")

#: What each policy lets a person see besides every row for staff, as a maintenance query (no RLS).
OWN_ROWS = {
    "users": "id = %(person)s",
    "courses": "id IN (SELECT e.course_id FROM app.enrollments e WHERE e.tenant_id = %(tenant)s AND e.user_id = %(person)s)",
    "enrollments": "user_id = %(person)s",
    "documents": "course_id IN (SELECT e.course_id FROM app.enrollments e WHERE e.tenant_id = %(tenant)s AND e.user_id = %(person)s)",
    "document_chunks": "course_id IN (SELECT e.course_id FROM app.enrollments e WHERE e.tenant_id = %(tenant)s AND e.user_id = %(person)s)",
}
STAFF = ("educator", "coach", "admin")


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("staff_check_once") as name:
        yield name


@pytest.fixture(scope="module")
def before_db(tenantdb):
    """The same seed with both instances' revert scripts applied, the reworked one first: the
    policies as they were before perf/staff_check_once."""
    with tenantdb.clone_seeded("staff_check_before") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            for script in ("staff_check_once.sql", "staff_check_once@v0.2.0.sql"):
                admin.execute((project_root() / "revert" / "perf" / script).read_text())
            old = admin.execute("SELECT pg_get_expr(polqual, polrelid) FROM pg_policy"
                                " WHERE polname = 'enrollments_select_app'").fetchone()[0]
        assert old.startswith("((user_id = ( SELECT app.current_user_id()"), old
        yield name


def _plan(conn: Any, tenant: str, person: str, query: str, options: str = "COSTS OFF") -> dict[str, Any]:
    with conn.transaction(force_rollback=True), tenant_transaction(conn, tenant, person) as cur:
        raw = cur.execute(f"EXPLAIN ({options}, FORMAT JSON) " + query).fetchone()
    assert raw is not None
    plan: dict[str, Any] = (json.loads(raw[0]) if isinstance(raw[0], str) else raw[0])[0]["Plan"]
    return plan


@pytest.mark.parametrize("table", TABLES)
def test_a_staff_read_asks_the_role_once_per_statement_not_per_row(tenantdb, db, table):
    """The scan of the table filters rows by `<own-row test> OR (InitPlan n).col1 = 1`: the role's
    comparison with the staff roles is inside the InitPlan (run once), never in a row filter."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        plan = _plan(conn, A.id, user_id(A, "educator", 1), f"SELECT count(*) FROM app.{table}")
    scans = [n for n in plan_nodes(plan) if n.get("Relation Name") == table]
    assert scans, json.dumps(plan, indent=1)
    for scan in scans:
        row_filter = " ".join(str(scan.get(k, "")) for k in ("Filter", "Index Cond", "Recheck Cond"))
        assert "educator" not in row_filter, f"app.{table} compares the role per row: {row_filter}"
        role_test = r"\(\(InitPlan \d+\)\.col1 = 1\)"
        # enrollments asks the role first (the rework after @v0.3.0), the others after the own-row test.
        shape = rf"\({role_test} OR " if table == "enrollments" else rf" OR {role_test}\)"
        assert re.search(shape, row_filter), f"app.{table}: no one-parameter role test where expected: {row_filter}"
    staff_tests = [n for n in plan_nodes(plan) if n.get("Parent Relationship") == "InitPlan"]
    assert staff_tests, "no InitPlan: the role would be asked per row"


@pytest.mark.parametrize("role", ("student", *STAFF))
def test_who_sees_which_staff_read_row_is_unchanged(tenantdb, db, role):
    """As the client role, each person of tenant A sees exactly the rows the policy text promises:
    educators, coaches and admins every row of their tenant, anyone else their own rows (their
    user row, their enrollments, their enrolled courses and those courses' documents and chunks),
    and no row of tenant B."""
    person = user_id(A, role, 1)
    expected = {}
    with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn:
        for table in TABLES:
            own = "true" if role in STAFF else OWN_ROWS[table]
            expected[table] = sorted(str(r[0]) for r in conn.execute(
                f"SELECT id FROM app.{table} WHERE tenant_id = %(tenant)s AND ({own})",
                {"tenant": A.id, "person": person}).fetchall())
    seen = {}
    with tenantdb.connect(db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, A.id, person) as cur:
        for table in TABLES:
            seen[table] = sorted(str(r[0]) for r in cur.execute(f"SELECT id FROM app.{table}").fetchall())
    assert seen == expected
    assert seen["users"], "the person sees at least their own row"
    if role in STAFF:
        assert all(seen[t] for t in ("courses", "enrollments")), "staff see the tenant's courses and enrollments"


#: Queries a student might run over the staff-wide tables (each reads rows the student cannot see).
STUDENT_QUERIES = [
    "SELECT * FROM app.enrollments WHERE course_id IN (SELECT e.course_id FROM app.enrollments e"
    " WHERE e.user_id = app.current_user_id())",
    "SELECT * FROM app.documents WHERE title ILIKE '%a%'",
    "SELECT * FROM app.courses",
    "SELECT * FROM app.users WHERE email LIKE '%@%'",
]


def test_a_students_plans_remove_the_same_rows_as_before_no_side_channel_moved(tenantdb, db, before_db):
    """Side channels (tests/test_side_channels.py conventions): the rewrite changes how often the
    role is asked, not which rows a filter removes. As a student, EXPLAIN ANALYZE of each query
    shows the same "Rows Removed by Filter" per table as on a clone with both revert scripts applied
    (the policies before perf/staff_check_once): the residual risk of docs/security.md
    ("enrollment counts") is as wide as before, and no new count appears."""
    student = user_id(A, "student", 1)
    tables = ("enrollments", "documents", "courses", "users")

    def removed_counts(name: str) -> list[dict[str, int]]:
        with tenantdb.connect(name, role=APP_ROLE) as conn:
            return [rows_removed_by_filter(conn, A.id, student, q, tables) for q in STUDENT_QUERIES]

    expected = removed_counts(before_db)
    assert removed_counts(db) == expected
    assert any(sum(r.values()) for r in expected), "the queries read rows the student cannot see"


def _shape(plan: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [(n["Node Type"], n.get("Relation Name", ""), n["Plan Rows"]) for n in plan_nodes(plan)]


@pytest.mark.parametrize("role", ("student", "educator"))
def test_the_rewrite_keeps_every_estimate_and_plan_shape(tenantdb, db, before_db, role):
    """The role test is compared as an integer (`$n = 1`, estimated like the equality it replaced),
    not as a bare boolean parameter (estimated at 50 %, which raised a student's row estimates and
    flipped their course lookup to a sequential scan when measured): for a student and an educator,
    EXPLAIN of each query has the same nodes, on the same relations, with the same row estimates
    as with the policies before the change."""
    person = user_id(A, role, 1)
    queries = [*STUDENT_QUERIES,
               "SELECT c.code, count(e.id) FROM app.courses c LEFT JOIN app.enrollments e"
               " ON e.tenant_id = c.tenant_id AND e.course_id = c.id GROUP BY c.code",
               "SELECT c.code, count(e.id) FROM app.courses c LEFT JOIN app.enrollments e"
               " ON e.course_id = c.id GROUP BY c.code",
               "SELECT * FROM app.enrollments WHERE user_id = app.current_user_id()",
               "SELECT d.title FROM app.documents d JOIN app.courses c ON c.tenant_id = d.tenant_id"
               " AND c.id = d.course_id WHERE c.code = 'X' ORDER BY d.created_at DESC LIMIT 20"]
    shapes = {}
    for name in (before_db, db):
        with tenantdb.connect(name, role=APP_ROLE) as conn:
            shapes[name] = [_shape(_plan(conn, A.id, person, q, "COSTS ON")) for q in queries]
    assert shapes[db] == shapes[before_db]
