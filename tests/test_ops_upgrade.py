"""The operations changes (ops/*) deploy onto a seeded v0.1.0 database and keep every row;
each of them reverts and redeploys cleanly there (the per-change cycle for these changes only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenantdb.database import admin_connect, drop_database, ensure_database
from tenantdb.ops import fingerprint
from tenantdb.retention import fill_sync_logs, run as run_retention
from tenantdb.schema_dump import schema_dump
from tenantdb.seed import run_seed
from tenantdb.settings import MAINTENANCE_ROLE
from tenantdb.sqitch import plan_changes, run_sqitch

OPS_CHANGES = [c for c in plan_changes() if c.startswith("ops/")]


@pytest.fixture
def v010_db(tenantdb, request) -> Iterator[str]:
    name = tenantdb.new_name("v010")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    yield name
    drop_database(tenantdb.backend, name)


def sqitch(tenantdb, db: str, *args: str) -> None:
    result = run_sqitch(tenantdb.backend, args[0], list(args[1:]), dbname=db, capture=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ops_changes_deploy_onto_seeded_v010_and_keep_every_row(tenantdb, v010_db):
    assert OPS_CHANGES, "no ops/ changes in the plan"
    sqitch(tenantdb, v010_db, "deploy", "--to", "@v0.1.0")
    run_seed(tenantdb.backend, v010_db)
    fill_sync_logs(tenantdb.backend.conninfo(v010_db), 3)
    run_retention(tenantdb.backend.conninfo(v010_db, role=MAINTENANCE_ROLE))
    with admin_connect(tenantdb.backend, v010_db) as conn:
        before = fingerprint.database_fingerprint(conn)
    for i, change in enumerate(OPS_CHANGES):
        previous = "@v0.1.0" if i == 0 else OPS_CHANGES[i - 1]
        base = schema_dump(tenantdb.backend, v010_db)
        sqitch(tenantdb, v010_db, "deploy", "--to", change)
        deployed = schema_dump(tenantdb.backend, v010_db)
        sqitch(tenantdb, v010_db, "revert", "-y", "--to", previous)
        assert schema_dump(tenantdb.backend, v010_db) == base, f"reverting {change} did not restore the schema"
        sqitch(tenantdb, v010_db, "deploy", "--to", change)
        sqitch(tenantdb, v010_db, "verify")
        assert schema_dump(tenantdb.backend, v010_db) == deployed, f"redeploying {change} gave another schema"
    with admin_connect(tenantdb.backend, v010_db) as conn:
        after = fingerprint.database_fingerprint(conn)
    assert {t: v for t, v in after.items() if t in before} == before
