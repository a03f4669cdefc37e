"""perf/interactions_staff_check_once (issue 13, session 11): the read policy of app.interactions
answers its role question once per statement, `user_id = (SELECT app.current_user_id()) OR
(SELECT (resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1`, on the
parent and on every monthly partition's copy, instead of searching the three role names in each
partition's row filter (set up once per partition at every executor start). Named tests: the plan
shape on every partition (never a timing), that who sees which interaction did not move for each
role of the demo roster as the client role, the same plans as before, that a
student's plans remove the same rows as before (no side channel moved: the boolean form of the
role test moved one), that a partition made later copies the new text, and the revert/deploy
round trip."""

from __future__ import annotations

import json
import re
from typing import Any

import psycopg
import pytest

from side_channel_plans import rows_removed_by_filter
from tenantdb import partitions
from tenantdb.bench import plan_nodes
from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, project_root

A, B = DEMO_TENANTS
STAFF = ("educator", "coach", "admin")
SCRIPTS = {kind: (project_root() / kind / "perf" / "interactions_staff_check_once.sql").read_text()
           for kind in ("deploy", "revert", "verify")}
ONE_INITPLAN = ("((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT"
                " ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer"
                " AS int4) = 1))")
POLICY_TEXTS = ("SELECT c.oid::regclass::text, pg_get_expr(p.polqual, p.polrelid) FROM pg_policy p"
                " JOIN pg_class c ON c.oid = p.polrelid WHERE p.polname = 'interactions_select_app' ORDER BY 1")


def _analyze(tenantdb, name: str) -> None:
    """Fresh statistics on both clones (the seed's tables are small: ANALYZE reads every row), so
    that their estimates differ only by the policy text, not by whether autovacuum got there."""
    with tenantdb.connect(name, autocommit=True) as su:
        su.execute("ANALYZE app.interactions, app.users")


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("interactions_staff_check") as name:
        _analyze(tenantdb, name)
        yield name


@pytest.fixture(scope="module")
def before_db(tenantdb):
    """The same seed with the revert script applied: the policy as main left it before the change."""
    with tenantdb.clone_seeded("interactions_staff_before") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            admin.execute(SCRIPTS["revert"])
            texts = dict(admin.execute(POLICY_TEXTS).fetchall())
        assert all(" = ANY (ARRAY['educator'::text" in t and t.count("SELECT") == 2 for t in texts.values()), texts
        _analyze(tenantdb, name)
        yield name


def _plan(conn: Any, person: str, query: str) -> dict[str, Any]:
    with conn.transaction(force_rollback=True), tenant_transaction(conn, A.id, person) as cur:
        raw = cur.execute("EXPLAIN (COSTS OFF, FORMAT JSON) " + query).fetchone()
    assert raw is not None
    plan: dict[str, Any] = (json.loads(raw[0]) if isinstance(raw[0], str) else raw[0])[0]["Plan"]
    return plan


def test_the_parent_and_every_partition_carry_the_one_initplan_text(tenantdb, db):
    """Each partition has its own copy of the parent's policies (what a client naming the partition
    meets): the change rewrote every copy, and the verify script checks them all."""
    with tenantdb.connect(db) as conn:
        texts = dict(conn.execute(POLICY_TEXTS).fetchall())
        parts = conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'app.interactions'::regclass").fetchone()[0]
    assert len(texts) == parts + 1 and parts >= 3, texts
    assert set(texts.values()) == {ONE_INITPLAN}, texts


@pytest.mark.parametrize("role", ("student", "educator"))
def test_every_partition_scan_tests_a_parameter_not_the_role_names(tenantdb, db, role):
    """Every scan of a partition filters by `<own-row test> OR (InitPlan n).col1 = 1`: the comparison
    with the staff roles is inside one InitPlan, never in a partition's row filter."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        plan = _plan(conn, user_id(A, role, 1), "SELECT id, created_at FROM app.interactions ORDER BY created_at DESC LIMIT 20")
    scans = [n for n in plan_nodes(plan) if str(n.get("Relation Name", "")).startswith("interactions")]
    assert len(scans) >= 3, json.dumps(plan, indent=1)
    for scan in scans:
        row_filter = " ".join(str(scan.get(k, "")) for k in ("Filter", "Index Cond", "Recheck Cond"))
        assert "educator" not in row_filter, f"{scan['Relation Name']} compares the role per partition: {row_filter}"
        assert re.search(r" OR \(\(InitPlan \d+\)\.col1 = 1\)\)", row_filter), f"{scan['Relation Name']}: {row_filter}"


@pytest.mark.parametrize("role", ("student", *STAFF))
def test_who_sees_which_interaction_is_unchanged(tenantdb, db, role):
    """As the client role, each person of tenant A sees exactly what the policy promises: staff every
    interaction of their tenant, anyone else their own, and none of tenant B's."""
    person = user_id(A, role, 1)
    with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn:
        expected = sorted(str(r[0]) for r in conn.execute(
            "SELECT id FROM app.interactions WHERE tenant_id = %s AND (%s OR user_id = %s)",
            (A.id, role in STAFF, person)).fetchall())
    with tenantdb.connect(db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, A.id, person) as cur:
        seen = sorted(str(r[0]) for r in cur.execute("SELECT id FROM app.interactions").fetchall())
    assert seen == expected
    if role in STAFF:
        assert len(seen) > 1, "staff see the tenant's interactions"


#: Queries a student might run over app.interactions (each reads rows the student cannot see).
STUDENT_QUERIES = [
    "SELECT * FROM app.interactions WHERE service_type LIKE '%'",
    "SELECT count(*) FROM app.interactions",
    "SELECT * FROM app.v_user_interactions WHERE latency_ms >= 0",
]


def test_a_students_plans_remove_the_same_rows_as_before_no_side_channel_moved(tenantdb, db, before_db):
    """The rewrite changes how often the role is asked, not which rows a filter removes: as a
    student, EXPLAIN ANALYZE of each query shows the same "Rows Removed by Filter" per table as on a
    clone with the revert script applied. (The boolean form `OR (SELECT <role test>)`, estimated
    true for half of the rows, failed this: the view's plan scanned the tenant's interactions and
    showed how many the policy removed.)"""
    student = user_id(A, "student", 1)
    with tenantdb.connect(db) as conn:  # a scan names the partition it reads
        tables = ["users", *(r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'app.interactions'::regclass"))]

    def removed_counts(name: str) -> list[dict[str, int]]:
        with tenantdb.connect(name, role=APP_ROLE) as conn:
            return [rows_removed_by_filter(conn, A.id, student, q, tables) for q in STUDENT_QUERIES]

    assert removed_counts(db) == removed_counts(before_db)


def _shape(plan: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(n["Node Type"], n.get("Relation Name", ""), n.get("Index Name", "")) for n in plan_nodes(plan)]


def _rows(plan: dict[str, Any]) -> list[float]:
    return [n["Plan Rows"] for n in plan_nodes(plan)]


@pytest.mark.parametrize("role", ("student", "educator"))
def test_the_rewrite_keeps_every_plan_and_moves_estimates_only_by_the_role_arm(tenantdb, db, before_db, role):
    """For a student and an educator, EXPLAIN of each query has the same nodes, on the same
    relations, through the same indexes as with the policy before the change. The estimates move
    only as the role arm's selectivity does: `$n = 1` is one equality (0.5 %) where the search of
    three names was three (1.5 %), so no node's estimate drops below 60 % of what it was or rises.
    (The boolean form, estimated at 50 %, changed a student's plan of the view.)"""
    person = user_id(A, role, 1)
    queries = [*STUDENT_QUERIES,
               "SELECT id, created_at FROM app.interactions ORDER BY created_at DESC LIMIT 20",
               f"SELECT * FROM app.interactions WHERE user_id = '{person}' ORDER BY created_at DESC LIMIT 20"]
    plans = {}
    for name in (before_db, db):
        with tenantdb.connect(name, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
                tenant_transaction(conn, A.id, person) as cur:
            plans[name] = [cur.execute("EXPLAIN (FORMAT JSON) " + q).fetchone()[0][0]["Plan"] for q in queries]
    assert [_shape(p) for p in plans[db]] == [_shape(p) for p in plans[before_db]]
    for after, before in zip(plans[db], plans[before_db], strict=True):
        assert all(0.6 * b <= a <= b for a, b in zip(_rows(after), _rows(before), strict=True)), (_rows(after), _rows(before))


def test_a_partition_made_later_copies_the_one_initplan_text(tenantdb, fresh_db):
    """Partitions are made ahead by the maintenance role (app_private.create_history_partitions),
    which copies the parent's policies as they are then."""
    with tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        created = [p for p in partitions.create_ahead(conn, 8) if p.startswith("app.interactions")]
    assert created
    with tenantdb.connect(fresh_db) as conn:
        texts = dict(conn.execute(POLICY_TEXTS).fetchall())
    assert all(texts[p] == ONE_INITPLAN for p in created), texts


def test_the_revert_gives_the_role_search_back_and_the_deploy_takes_it_again(tenantdb, fresh_db):
    """Round trip on the parent and every partition: the revert script writes the text main had,
    which the verify script refuses; the deploy script, the one-InitPlan text, which it accepts."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        lean = dict(su.execute(POLICY_TEXTS).fetchall())
        su.execute(SCRIPTS["revert"])
        reverted = dict(su.execute(POLICY_TEXTS).fetchall())
        assert reverted.keys() == lean.keys() and all(t != ONE_INITPLAN for t in reverted.values()), reverted
        with pytest.raises(psycopg.errors.RaiseException, match="is not the one-InitPlan role test"):
            su.execute(SCRIPTS["verify"])
        su.execute("ROLLBACK")  # the script's own BEGIN, left open by the error
        su.execute(SCRIPTS["deploy"])
        assert dict(su.execute(POLICY_TEXTS).fetchall()) == lean
        su.execute(SCRIPTS["verify"])
