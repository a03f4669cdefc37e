"""Plan shapes under RLS (never timings): the hot queries of issue 3 are index scans, and the
tenant and role lookups run once per statement as InitPlans, not once per row.

The clone gets a few thousand rows per table across three tenants and is ANALYZEd, so the
planner chooses as it would on a real database (on a handful of rows a sequential scan is
cheaper and proves nothing).
"""

from __future__ import annotations

import json

import pytest

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.conversations import conversation_id
from tenantdb.seeds.identity import user_id

TENANT = DEMO_TENANTS[0]
STUDENT = user_id(TENANT, "student", 1)

BULK = """
INSERT INTO app.tenants (id, slug, name) VALUES ('33333333-3333-4333-8333-333333333333', 'bulk', 'Bulk');
INSERT INTO app.users (tenant_id, id, email, display_name, role, lti_user_id)
SELECT t.id, gen_random_uuid(), 'bulk' || i || '@' || t.slug || '.example', 'Bulk ' || i, 'student', 'lti-bulk-' || i
FROM app.tenants t, generate_series(1, 3000) AS i;
INSERT INTO app.learner_profiles (tenant_id, user_id, lti_user_id)
SELECT tenant_id, id, lti_user_id FROM app.users WHERE email LIKE 'bulk%';
INSERT INTO app.conversations (tenant_id, user_id, title)
SELECT tenant_id, id, 'Bulk chat' FROM app.users WHERE email LIKE 'bulk%';
INSERT INTO app.messages (tenant_id, conversation_id, user_id, role, content, created_at)
SELECT c.tenant_id, c.id, c.user_id, 'user', 'bulk message ' || i, now() - make_interval(mins => i)
FROM app.conversations c, generate_series(1, 10) AS i WHERE c.title = 'Bulk chat';
ANALYZE;
"""


@pytest.fixture(scope="module")
def bulk_db(tenantdb):
    with tenantdb.clone_seeded("query_plans") as db:
        with tenantdb.connect(db, autocommit=True) as conn:
            conn.execute("SET app.tenant_id = ''")
            with conn.transaction():
                conn.execute("SET LOCAL ROLE tenantdb_maintenance")
                conn.execute(BULK.replace("ANALYZE;", ""))
            conn.execute("ANALYZE")
        yield db


def explain(tenantdb, db: str, query: str, params: tuple) -> dict:
    with tenantdb.connect(db, role="tenantdb_app") as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (TENANT.id, STUDENT))
        row = conn.execute("EXPLAIN (FORMAT JSON, COSTS OFF) " + query, params).fetchone()[0]
        return row[0]["Plan"] if isinstance(row, list) else json.loads(row)[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def assert_index_scan_with_initplans(plan: dict, table: str, index_prefix: str) -> None:
    scans = [n for n in nodes(plan) if n.get("Relation Name") == table]
    assert scans, f"{table} is not scanned at all: {json.dumps(plan, indent=1)}"
    for scan in scans:
        assert scan["Node Type"] in ("Index Scan", "Index Only Scan"), \
            f"{table} is read by {scan['Node Type']}, not an index scan:\n{json.dumps(plan, indent=1)}"
        assert scan["Index Name"].startswith(index_prefix), scan["Index Name"]
    initplans = [n for n in nodes(plan) if n.get("Parent Relationship") == "InitPlan"]
    assert initplans, f"no InitPlan: the context accessors would run per row:\n{json.dumps(plan, indent=1)}"
    assert not [n for n in nodes(plan) if n.get("Parent Relationship") == "SubPlan"], "a per-row SubPlan"


def test_learner_profile_by_lti_sub_is_an_index_scan_with_the_accessor_as_initplan(tenantdb, bulk_db):
    plan = explain(tenantdb, bulk_db,
                   "SELECT * FROM app.learner_profiles WHERE tenant_id = %s AND lti_user_id = %s",
                   (TENANT.id, "lti-northwind-student-01"))
    assert_index_scan_with_initplans(plan, "learner_profiles", "learner_profiles_lti_user_id_key")


def test_last_50_messages_of_a_conversation_is_read_through_the_conversation_index(tenantdb, bulk_db):
    """app.messages is partitioned by month (partitions/messages): every partition that holds rows
    is read through its copy of messages_conversation_created_idx (index or bitmap scan), empty
    partitions cost nothing. With a DEFAULT partition PostgreSQL cannot append the months in
    order, so a Sort of this one conversation's messages may sit on top (docs/partitions.md)."""
    plan = explain(tenantdb, bulk_db,
                   "SELECT * FROM app.messages WHERE tenant_id = %s AND conversation_id = %s"
                   " ORDER BY created_at DESC LIMIT 50",
                   (TENANT.id, conversation_id(TENANT, STUDENT, 0)))
    with tenantdb.connect(bulk_db) as conn:
        copies = {r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'app.messages_conversation_created_idx'::regclass")}
        empty = {r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'app.messages'::regclass AND c.reltuples <= 0")}
    scans = [n for n in nodes(plan) if str(n.get("Relation Name", "")).startswith("messages")]
    assert scans, f"app.messages is not read at all: {json.dumps(plan, indent=1)}"
    for scan in scans:
        if scan["Relation Name"] in empty:
            continue
        index_names = {n.get("Index Name") for n in nodes(scan)} - {None}
        assert scan["Node Type"] in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan") and index_names <= copies, \
            f"{scan['Relation Name']} is not read through the conversation index:\n{json.dumps(plan, indent=1)}"
    assert [n for n in nodes(plan) if n.get("Parent Relationship") == "InitPlan"], "no InitPlan: accessors per row"
    assert not [n for n in nodes(plan) if n.get("Parent Relationship") == "SubPlan"], "a per-row SubPlan"
