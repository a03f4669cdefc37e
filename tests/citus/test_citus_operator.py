"""The operator's run on a Citus cluster (docs/scale-out.md, "Session 4"): `tenantdb citus deploy`
on the given coordinator, the guard's roles usable on PostgreSQL 15, and how a statement under
RLS is routed to the shards.

Marker `citus`, as tests/citus/test_citus.py: deselected in plain CI, run wherever a coordinator
is given (TENANTDB_CITUS_URL, the coordinator's database as its superuser, deployed, seeded and
distributed); selected without it every test fails. Writes nothing.
"""

from __future__ import annotations

import json

import pytest
from citus_cluster import as_login
from typer.testing import CliRunner

from tenantdb.bench.target import task_count
from tenantdb.cli import app
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import SERVICE_ROLE, harness_login

pytestmark = pytest.mark.citus

A, B = DEMO_TENANTS


def test_citus_deploy_on_a_deployed_coordinator_only_deploys_the_rest(url, admin):
    """Re-runnable: on a coordinator already deployed every hand step is skipped."""
    result = CliRunner().invoke(app, ["citus", "deploy", "--json"],
                                env={"DATABASE_URL": url, "TENANTDB_BACKEND": "external"})
    assert result.exit_code == 0, result.output
    assert [s["step"] for s in json.loads(result.stdout)["steps"]] == ["the rest of the plan"]


def test_the_maintenance_group_can_use_the_guard_roles(admin):
    """security/guard_privileges' own check. On PostgreSQL 15 the recipe's old hand step granted the
    roles to the NOINHERIT group, which then could not use them (tenantdb guard saw only its own
    sessions); tenantdb citus deploy makes the group INHERIT."""
    usable = admin.execute("SELECT pg_has_role('tenantdb_maintenance', 'pg_read_all_stats', 'USAGE'),"
                           " pg_has_role('tenantdb_maintenance', 'pg_signal_backend', 'USAGE')").fetchone()
    assert usable == (True, True)


def test_an_rls_read_goes_to_every_shard_and_a_tenant_named_read_to_one(url, admin):
    """The policies' tenant check never routes (it is applied on the shards); naming tenant_id in
    the statement routes to one shard, and naming another tenant there still returns nothing."""
    shards = admin.execute("SELECT shard_count FROM citus_tables WHERE table_name = 'app.messages'::regclass").fetchone()[0]
    with as_login(url, harness_login(SERVICE_ROLE)) as conn:
        conn.execute("SET LOCAL citus.enable_local_execution = off")
        conn.execute("SELECT app.set_context(%s, NULL)", (A.id,))
        fanned = task_count([r[0] for r in conn.execute("EXPLAIN SELECT count(*) FROM app.messages").fetchall()])
        routed = task_count([r[0] for r in conn.execute("EXPLAIN SELECT count(*) FROM app.messages WHERE tenant_id = %s",
                                                        (A.id,)).fetchall()])
        own = conn.execute("SELECT count(*) FROM app.messages WHERE tenant_id = %s", (A.id,)).fetchone()[0]
        other = conn.execute("SELECT count(*) FROM app.messages WHERE tenant_id = %s", (B.id,)).fetchone()[0]
        conn.rollback()
    assert (fanned, routed) == (shards, 1)
    assert own > 0 and other == 0
