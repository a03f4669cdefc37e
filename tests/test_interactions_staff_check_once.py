"""perf/interactions_staff_check_once (issue 13): the read policy of app.interactions answers its
role question once per statement, on the parent and on every monthly partition's copy. The first
instance (session 11, `@v0.4.0`) made it `user_id = (SELECT app.current_user_id()) OR (SELECT
(resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1` instead of a
search of the three role names in each partition's row filter (set up once per partition at every
executor start); the rework after `@v0.4.0` (session 18) tests that InitPlan IS NULL (NULL for
staff, 0 for anyone else): no operator per partition for the role arm. Named tests: the plan shape
on every partition (never a timing), that who sees which interaction did not move for each role
of the demo roster as the client role, that a person whose role resolves to NULL (unknown to
the tenant, or of another tenant) sees no one else's interactions (the NULL marker cannot fail
open), the same plans and estimates as the instance of `@v0.4.0`, that a student's plans remove the same rows as before (no side
channel moved: the boolean form of the role test moved one), that a partition made later copies
the new text, and the revert/deploy round trip."""

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
#: The rework after @v0.4.0: the role InitPlan tested IS NULL.
ONE_INITPLAN = ("((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT CASE WHEN"
                " (app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))"
                " THEN NULL::integer ELSE 0 END AS \"case\") IS NULL))")  # white space runs as one space
#: The instance of @v0.4.0 (what the rework's revert writes): the role InitPlan compared with 1.
COMPARED_WITH_ONE = ("((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT"
                     " ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer"
                     " AS int4) = 1))")
#: pg_get_expr() lays CASE out over several lines: each run of white space as one space.
POLICY_TEXTS = ("SELECT c.oid::regclass::text, regexp_replace(pg_get_expr(p.polqual, p.polrelid), '\\s+', ' ', 'g') FROM pg_policy p"
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
    """The same seed with the rework's revert script applied: the policy of @v0.4.0 (the role
    InitPlan compared with 1), which the rework must match in plans, estimates and rows removed."""
    with tenantdb.clone_seeded("interactions_staff_before") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            admin.execute(SCRIPTS["revert"])
            texts = dict(admin.execute(POLICY_TEXTS).fetchall())
        assert set(texts.values()) == {COMPARED_WITH_ONE}, texts
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
    """Every scan of a partition filters by `<own-row test> OR (InitPlan n).col1 IS NULL`: the
    comparison with the staff roles is inside one InitPlan, and the role arm is no operator."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        plan = _plan(conn, user_id(A, role, 1), "SELECT id, created_at FROM app.interactions ORDER BY created_at DESC LIMIT 20")
    scans = [n for n in plan_nodes(plan) if str(n.get("Relation Name", "")).startswith("interactions")]
    assert len(scans) >= 3, json.dumps(plan, indent=1)
    for scan in scans:
        row_filter = " ".join(str(scan.get(k, "")) for k in ("Filter", "Index Cond", "Recheck Cond"))
        assert "educator" not in row_filter, f"{scan['Relation Name']} compares the role per partition: {row_filter}"
        assert re.search(r" OR \(\(InitPlan \d+\)\.col1 IS NULL\)\)", row_filter), f"{scan['Relation Name']}: {row_filter}"


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


#: The policy's role InitPlan, as the deploy script writes it.
STAFF_MARKER = ("SELECT CASE WHEN app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])"
                " THEN NULL::integer ELSE 0 END")


@pytest.mark.parametrize("who", ("an id the tenant does not know", "a person of another tenant"))
def test_no_role_never_reads_as_the_staff_marker(tenantdb, db, who):
    """The role arm passes a row when its InitPlan IS NULL, and only a true staff test makes it
    NULL: a person whose role resolves to NULL (users.role is NOT NULL, so: an id the tenant does
    not know, or a person of another tenant) gets 0, never the marker, and sees no interaction of
    the tenant (none is theirs) where the marker would have shown them all."""
    acting = "00000000-0000-4000-8000-0000000000ff" if who.startswith("an id") else user_id(B, "educator", 1)
    with tenantdb.connect(db) as su:
        assert su.execute("SELECT count(*) FROM app.interactions WHERE tenant_id = %s", (A.id,)).fetchone()[0] > 1
        with su.transaction(force_rollback=True), tenant_transaction(su, A.id, acting) as cur:
            assert cur.execute("SELECT app_private.resolved_person_role()").fetchone()[0] is None
            assert cur.execute(STAFF_MARKER).fetchone()[0] == 0
        with su.transaction(force_rollback=True), tenant_transaction(su, A.id, user_id(A, "coach", 1)) as cur:
            assert cur.execute(STAFF_MARKER).fetchone()[0] is None, "staff get the marker"
    with tenantdb.connect(db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, A.id, acting) as cur:
        assert cur.execute("SELECT count(*) FROM app.interactions").fetchone()[0] == 0


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
def test_the_rewrite_keeps_every_plan_and_every_row_estimate(tenantdb, db, before_db, role):
    """For a student and an educator, EXPLAIN of each query has the same nodes, on the same
    relations, through the same indexes, with the same row estimates as with the policy of
    @v0.4.0: `$n IS NULL` of a parameter is estimated at 0.5 %, as `$n = 1` was. (The boolean form,
    estimated at 50 %, changed a student's plan of the view.)"""
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
        assert _rows(after) == _rows(before)


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
    """Round trip on the parent and every partition: the revert script writes the text of @v0.4.0
    (compared with 1), which the verify script refuses; the deploy script, the IS NULL text, which
    it accepts."""
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        lean = dict(su.execute(POLICY_TEXTS).fetchall())
        su.execute(SCRIPTS["revert"])
        reverted = dict(su.execute(POLICY_TEXTS).fetchall())
        assert reverted.keys() == lean.keys() and set(reverted.values()) == {COMPARED_WITH_ONE}, reverted
        with pytest.raises(psycopg.errors.RaiseException, match="is not the role InitPlan tested IS NULL"):
            su.execute(SCRIPTS["verify"])
        su.execute("ROLLBACK")  # the script's own BEGIN, left open by the error
        su.execute(SCRIPTS["deploy"])
        assert dict(su.execute(POLICY_TEXTS).fetchall()) == lean
        su.execute(SCRIPTS["verify"])
