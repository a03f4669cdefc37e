"""perf/tenant_test_direct_call (issue 13, session 14): on every plain table the policies test the
tenant with a direct call of app.current_tenant_id() (one call of the tenantdb_context library),
not a sub-select: an index condition evaluated once per scan instead of an InitPlan set up at every
executor start, and one expression for every table of a join on tenant_id, where two InitPlans
made PostgreSQL compare them in a gating Result on the inner side of a LEFT JOIN (a projection per
inner row). Partitioned tables keep the sub-select (a direct call is set up once per partition).

Named tests: the policy texts, the join that compared two InitPlans, that every role sees the same
number of rows of every table as with the revert applied, a student's plans reading and removing
the same rows as before (no planner side channel moved), the sequential-scan path (the call in a
row filter) still isolating, no context still failing with 42501, and the revert/deploy round trip.
The lints' exemption is tested with the other lints (tests/test_lint.py)."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest

from side_channel_plans import rows_removed_by_filter
from tenantdb.bench import plan_nodes
from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE, project_root

A, B = DEMO_TENANTS
ROLES = ("student", "educator", "coach", "admin")
SCRIPTS = {kind: (project_root() / kind / "perf" / "tenant_test_direct_call.sql").read_text()
           for kind in ("deploy", "revert", "verify")}
SUB_SELECT = "( SELECT app.current_tenant_id() AS current_tenant_id)"
DIRECT = "(tenant_id = app.current_tenant_id())"
#: Every policy that tests the tenant, with the kind of its table: r plain, p partitioned, and
#: whether the table is a partition.
TENANT_TESTS = ("SELECT c.oid::regclass::text, p.polname, c.relkind::text, c.relispartition,"
                " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),"
                " obj_description(p.oid, 'pg_policy')"
                " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
                " WHERE concat(pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))"
                " LIKE '%current_tenant_id()%' ORDER BY 1, 2")
#: An educator's course dashboard (the bench's educator_course_dashboard): a LEFT JOIN on the
#: composite key of two tenant tables.
DASHBOARD = ("SELECT c.code, count(e.id) AS enrolled FROM app.courses c"
             " LEFT JOIN app.enrollments e ON e.tenant_id = c.tenant_id AND e.course_id = c.id"
             " GROUP BY c.code ORDER BY c.code")


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("tenant_direct") as name:
        with tenantdb.connect(name, autocommit=True) as su:
            su.execute("ANALYZE")
        yield name


@pytest.fixture(scope="module")
def before_db(tenantdb):
    """The same seed with the revert script applied: the tenant tests as sub-selects, as before."""
    with tenantdb.clone_seeded("tenant_subselect") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            admin.execute(SCRIPTS["revert"])
            admin.execute("ANALYZE")
        yield name


def _plan(conn: psycopg.Connection[Any], person: str, query: str) -> dict[str, Any]:
    with conn.transaction(force_rollback=True), tenant_transaction(conn, A.id, person) as cur:
        raw = cur.execute("EXPLAIN (COSTS OFF, FORMAT JSON) " + query).fetchone()
    assert raw is not None
    plan: dict[str, Any] = (json.loads(raw[0]) if isinstance(raw[0], str) else raw[0])[0]["Plan"]
    return plan


def test_plain_tables_call_the_tenant_accessor_directly_partitioned_ones_keep_the_sub_select(tenantdb, db):
    """Every policy of a plain table tests the tenant with the direct call (tenant_isolation exactly
    `tenant_id = app.current_tenant_id()` in USING and WITH CHECK, with its comment saying why);
    partitioned tables and their partitions keep the sub-select."""
    with tenantdb.connect(db, autocommit=True) as conn:
        conn.execute("SET search_path = pg_catalog")
        rows = conn.execute(TENANT_TESTS).fetchall()
    plain = [r for r in rows if r[2] == "r" and not r[3]]
    partitioned = [r for r in rows if r[2] == "p" or r[3]]
    assert len(plain) >= 60 and len(partitioned) >= 6, rows
    for relation, name, _, _, using, check, comment in plain:
        assert SUB_SELECT not in f"{using} {check}", (relation, name, using, check)
        if name == "tenant_isolation":
            assert (using, check) == (DIRECT, DIRECT), (relation, using, check)
            assert "perf/tenant_test_direct_call" in comment, (relation, comment)
    isolation = [r for r in partitioned if r[1] == "tenant_isolation"]
    assert isolation and all(r[4] == r[5] == f"(tenant_id = {SUB_SELECT})" for r in isolation), isolation


def test_a_left_join_on_tenant_id_no_longer_compares_two_initplans(tenantdb, db, before_db):
    """The educator's dashboard joins courses and enrollments on (tenant_id, id). With two sub-selects
    the plan carried a gating Result on the enrollments side, `One-Time Filter: ((InitPlan 4).col1 =
    (InitPlan 1).col1)`, projecting every enrollment; with the direct call both tables' index
    conditions hold the same expression and no node compares two tenants."""
    educator = user_id(A, "educator", 1)
    plans = {}
    for name in (before_db, db):
        with tenantdb.connect(name, role=APP_ROLE) as conn:
            conn.execute("SET enable_seqscan = off")  # the seed's tables are small: ask for the indexes
            plans[name] = _plan(conn, educator, DASHBOARD)
    gating = [n for n in plan_nodes(plans[before_db]) if "InitPlan" in str(n.get("One-Time Filter", ""))]
    assert gating, "before the change the join compared two InitPlans: " + json.dumps(plans[before_db], indent=1)
    after = list(plan_nodes(plans[db]))
    assert not [n for n in after if n.get("One-Time Filter")], json.dumps(plans[db], indent=1)
    scans = [n for n in after if n.get("Relation Name") in ("courses", "enrollments")]
    assert {n["Relation Name"] for n in scans} == {"courses", "enrollments"}, json.dumps(plans[db], indent=1)
    for scan in scans:
        conditions = " ".join(str(m.get(k, "")) for m in plan_nodes(scan) for k in ("Index Cond", "Recheck Cond"))
        assert "tenant_id = tenantdb_context.remembered_uuid('tenant_id'" in conditions, conditions
        assert "remembered_uuid('tenant_id'" not in str(scan.get("Filter", "")), scan


def _counts(tenantdb, name: str, role: str, person: str | None, tables: list[str]) -> dict[str, int]:
    with tenantdb.connect(name, role=role) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, A.id, person) as cur:
        return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.mark.parametrize("role", (*ROLES, "service"))
def test_every_role_sees_as_many_rows_of_every_table_as_before(tenantdb, db, before_db, role):
    """Who sees what does not change: as each person of tenant A (the client role) and as the
    service role, the number of rows of every table the role may read equals the count on the
    clone with the revert applied; and the service role sees none of tenant B's rows."""
    client = SERVICE_ROLE if role == "service" else APP_ROLE
    with tenantdb.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT DISTINCT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped"
            " WHERE n.nspname = 'app' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
            "   AND has_any_column_privilege(%s, c.oid, 'SELECT') ORDER BY 1", (client,)).fetchall()]
    assert len(tables) >= 20, tables
    person = None if role == "service" else user_id(A, role, 1)
    after = _counts(tenantdb, db, client, person, tables)
    assert after == _counts(tenantdb, before_db, client, person, tables)
    assert sum(after.values()) > 0
    if role == "service":
        with tenantdb.connect(db) as su:
            total_a = {t: su.execute(f"SELECT count(*) FROM {t} WHERE tenant_id = %s", (A.id,)).fetchone()[0]
                       for t in tables}
        assert after == total_a, "the service role sees exactly tenant A's rows"


def test_a_sequential_scan_tests_the_tenant_row_by_row_and_still_isolates(tenantdb, db):
    """Where a plan reads a table without its index (forced here), the direct call sits in the row
    filter and runs per row: each tenant's admin still counts exactly their tenant's courses."""
    query = "SELECT id FROM app.courses"
    seen = {}
    for tenant in (A, B):
        admin = user_id(tenant, "admin", 1)
        with tenantdb.connect(db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
                tenant_transaction(conn, tenant.id, admin) as cur:
            cur.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;"
                        " SET LOCAL enable_indexonlyscan = off")
            plan = cur.execute("EXPLAIN (COSTS OFF, FORMAT JSON) " + query).fetchone()[0][0]["Plan"]
            scans = [n for n in plan_nodes(plan) if n.get("Relation Name") == "courses"]
            assert scans and all(n["Node Type"] == "Seq Scan" for n in scans), plan
            assert all("remembered_uuid('tenant_id'" in str(n.get("Filter", "")) for n in scans), plan
            seen[tenant.id] = {r[0] for r in cur.execute(query).fetchall()}
    with tenantdb.connect(db) as su:
        for tenant in (A, B):
            expected = {r[0] for r in su.execute("SELECT id FROM app.courses WHERE tenant_id = %s", (tenant.id,))}
            assert seen[tenant.id] == expected and expected, tenant
    assert not seen[A.id] & seen[B.id]


@pytest.mark.parametrize("statement", ("SELECT count(*) FROM app.courses",
                                       "SELECT c.code FROM app.courses c JOIN app.enrollments e"
                                       " ON e.tenant_id = c.tenant_id AND e.course_id = c.id"))
def test_without_a_context_a_read_still_fails_with_42501(tenantdb, db, statement):
    """The call raises what the InitPlan raised: no tenant context, no rows, SQLSTATE 42501."""
    with tenantdb.connect(db, role=APP_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege,
                                                                   match="no tenant context"):
        conn.execute(statement).fetchall()


def test_the_revert_gives_the_sub_selects_back_and_the_deploy_takes_them_again(tenantdb, fresh_db):
    """Round trip: the revert script writes every direct call back as a sub-select with
    tenant_isolation's first comment (the verify script refuses that), the deploy script the
    direct calls again (accepted), the same texts and comments as the deploy left."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        su.execute("SET search_path = pg_catalog")
        deployed = su.execute(TENANT_TESTS).fetchall()
        su.execute(SCRIPTS["revert"])
        su.execute("SET search_path = pg_catalog")
        reverted = su.execute(TENANT_TESTS).fetchall()
        assert len(reverted) == len(deployed)
        assert all(SUB_SELECT in f"{r[4]} {r[5]}" and "app.current_tenant_id())" not in
                   f"{r[4]} {r[5]}".replace(SUB_SELECT, "") for r in reverted), reverted
        assert {r[6] for r in reverted if r[1] == "tenant_isolation"} == {
            "Restrictive: every role (owner included) reaches only rows of the transaction's tenant (app.tenant_id)."}
        with pytest.raises(psycopg.errors.RaiseException, match="still tests the tenant through a sub-select"):
            su.execute(SCRIPTS["verify"])
        su.execute("ROLLBACK")  # the script's own BEGIN, left open by the error
        su.execute(SCRIPTS["deploy"])
        su.execute("SET search_path = pg_catalog")
        assert su.execute(TENANT_TESTS).fetchall() == deployed
        su.execute(SCRIPTS["verify"])


#: Statements a student might run over tables that hold rows they cannot see.
STUDENT_QUERIES = [
    "SELECT id FROM app.courses WHERE code LIKE '%'",
    "SELECT count(*) FROM app.enrollments",
    DASHBOARD,
    "SELECT id FROM app.users WHERE email LIKE '%'",
    "SELECT count(*) FROM app.learner_profiles",
    "SELECT id, title FROM app.conversations ORDER BY updated_at DESC LIMIT 20",
    "SELECT document_id FROM app.v_rag_documents",
]
STUDENT_TABLES = ("courses", "enrollments", "users", "learner_profiles", "conversations", "documents")


def _shape(plan: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The nodes that read or combine rows; InitPlans' Results and gating Results left out."""
    return [(n["Node Type"], n.get("Relation Name", ""), n.get("Index Name", "")) for n in plan_nodes(plan)
            if n["Node Type"] != "Result"]


def test_a_students_plans_read_and_remove_the_same_rows_as_before(tenantdb, db, before_db):
    """No planner side channel opens or closes: as a student, each statement's plan reads the same
    tables through the same indexes, and EXPLAIN ANALYZE shows the same "Rows Removed by Filter" per
    table as on the clone with the revert applied (`tenant_id = <call>` is estimated as
    `tenant_id = <InitPlan parameter>` was: an equality with a value unknown at plan time)."""
    student = user_id(A, "student", 1)
    shapes, removed = {}, {}
    for name in (before_db, db):
        with tenantdb.connect(name, role=APP_ROLE) as conn:
            shapes[name] = [_shape(_plan(conn, student, q)) for q in STUDENT_QUERIES]
            removed[name] = [rows_removed_by_filter(conn, A.id, student, q, STUDENT_TABLES) for q in STUDENT_QUERIES]
    assert shapes[db] == shapes[before_db]
    assert removed[db] == removed[before_db]
