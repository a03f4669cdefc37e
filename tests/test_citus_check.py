"""`tenantdb citus check`: what stock Citus refuses in the deployed plan, read from the catalog of a
plain PostgreSQL clone (docs/scale-out.md). Runs in plain CI; the distributed run itself is
tests/citus/test_citus.py (marker `citus`)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenantdb import citus
from tenantdb.cli import app
from tenantdb.errors import TenantDBError


@pytest.fixture(scope="module")
def admin(tenantdb, module_db):
    with tenantdb.connect(module_db) as conn:
        yield conn


def test_every_blocker_kind_of_the_plan_is_found_with_a_design_answer(admin):
    blockers = citus.find_blockers(admin)
    kinds = {b.kind for b in blockers}
    assert {"policy_subquery", "trigger", "sql_standard_body", "fk_action", "restrictive_policy"} <= kinds
    assert all(b.answer and b.table and b.detail for b in blockers)
    tenant_isolation = {b.table for b in blockers if b.kind == "restrictive_policy" and b.detail == "tenant_isolation"}
    assert "app.messages" in tenant_isolation


def test_permissive_policies_relying_on_the_restrictive_tenant_check_are_named(admin):
    weak = {(b.table, b.detail) for b in citus.find_blockers(admin) if b.kind == "permissive_without_tenant_check"}
    assert ("app.messages", "messages_select_app") in weak
    assert ("app.messages", "messages_all_service") not in weak, "the service policy checks the tenant itself"


def test_on_update_cascade_foreign_keys_are_named(admin):
    fks = {(b.table, b.detail) for b in citus.find_blockers(admin) if b.kind == "fk_action"}
    assert ("app.messages", "messages_conversation_fkey (ON UPDATE CASCADE)") in fks


def test_plan_distributes_tenant_tables_and_keeps_global_registries_as_reference_tables(admin):
    plan = citus.distribution_plan(admin)
    assert {"app.tenants", "app_private.client_logins", "app_private.conversation_share_links",
            "app_private.context_signing_key"} <= set(plan.reference)
    assert {"app.messages", "app.users", "app.document_chunks"} <= set(plan.distributed)
    assert not set(plan.reference) & set(plan.distributed)
    tables = {r[0] for r in admin.execute(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition", (list(citus.CITUS_SCHEMAS),))}
    assert set(plan.reference) | set(plan.distributed) == tables


def test_plan_orders_parents_before_children(admin):
    order = {t: i for i, t in enumerate(citus.distribution_plan(admin).distributed)}
    edges = admin.execute("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
                          "WHERE contype = 'f' AND conrelid <> confrelid").fetchall()
    late = [(child, parent) for child, parent in edges if child in order and parent in order and order[parent] > order[child]]
    assert late == []


def test_blocking_kinds_exclude_what_the_distribute_step_handles_or_only_weakens(admin):
    kinds = {b.kind for b in citus.blocking(citus.find_blockers(admin))}
    assert {"policy_subquery", "sql_standard_body", "fk_action"} <= kinds
    assert not kinds & {"trigger", *citus.WEAKENING}


def test_distribute_cli_on_plain_postgresql_exits_1_naming_the_missing_extension(tenantdb, module_db):
    result = CliRunner().invoke(app, ["citus", "distribute", "--db", module_db, "--yes"])
    assert isinstance(result.exception, TenantDBError) and "no citus extension" in str(result.exception)


def test_distribute_on_plain_postgresql_refuses_with_a_hint(admin):
    with pytest.raises(TenantDBError) as info:
        citus.distribute(admin, citus.distribution_plan(admin))
    assert "no citus extension" in str(info.value) and info.value.hint


def test_check_cli_prints_json_and_exits_1_while_blockers_remain(tenantdb, module_db):
    result = CliRunner().invoke(app, ["citus", "check", "--db", module_db, "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["citus"] is None and data["stopping"] > 0 and data["plan"]["distributed"]


def test_propagate_context_reissues_the_bound_context_as_set_local(tenantdb, seeded_db):
    from tenantdb.seeds import DEMO_TENANTS

    with tenantdb.connect(seeded_db, role="tenantdb_service") as conn:
        conn.execute("SELECT app.set_context(%s, NULL)", (DEMO_TENANTS[0].id,))
        sent = citus.propagate_context(conn)
        assert sent["app.tenant_id"] == DEMO_TENANTS[0].id and sent["app.context_stamp"]
        # still a bound context on this node: the same values, now also as SET LOCAL
        assert str(conn.execute("SELECT app.current_tenant_id()").fetchone()[0]) == DEMO_TENANTS[0].id
        conn.rollback()
