"""The cache changes on a database of the field: deployed onto a seeded v0.1.0 database they
keep every row; each reverts cleanly and deploys again (the per-change cycle, cache changes only)."""

from __future__ import annotations

import pytest

from tenantdb.schema_dump import schema_dump
from tenantdb.seed import run_seed, table_checksums
from tenantdb.sqitch import plan_changes
from test_migrations import empty_db, sqitch  # noqa: F401  (fixture and helper)

#: Changes cluster-wide role state (deploys @v0.1.0 or reverts role changes): one such test at a time.
pytestmark = pytest.mark.usefixtures("cluster_roles_lock")


CACHE_CHANGES = ["cache/outbox", "cache/triggers", "cache/visibility"]


def test_cache_changes_upgrade_a_seeded_v010_database_keeping_every_row(tenantdb, empty_db):  # noqa: F811
    sqitch(tenantdb, empty_db, "deploy", "--to", "@v0.1.0")
    run_seed(tenantdb.backend, empty_db)
    before = table_checksums(tenantdb.backend, empty_db)
    sqitch(tenantdb, empty_db, "deploy", "--to", CACHE_CHANGES[-1])
    sqitch(tenantdb, empty_db, "verify")
    assert table_checksums(tenantdb.backend, empty_db) == before


def test_each_cache_change_reverts_cleanly_and_redeploys(tenantdb, empty_db):  # noqa: F811
    changes = plan_changes()
    assert all(c in changes for c in CACHE_CHANGES)
    first = changes.index(CACHE_CHANGES[0])
    sqitch(tenantdb, empty_db, "deploy", "--to", changes[first - 1])
    before = schema_dump(tenantdb.backend, empty_db)
    for change in CACHE_CHANGES:
        previous = changes[changes.index(change) - 1]
        sqitch(tenantdb, empty_db, "deploy", "--to", change)
        after = schema_dump(tenantdb.backend, empty_db)
        sqitch(tenantdb, empty_db, "revert", "-y", "--to", previous)
        assert schema_dump(tenantdb.backend, empty_db) == before, f"reverting {change} did not restore the schema"
        sqitch(tenantdb, empty_db, "deploy", "--to", change)
        sqitch(tenantdb, empty_db, "verify", "--to", change)
        assert schema_dump(tenantdb.backend, empty_db) == after, f"redeploying {change} gave another schema"
        before = after
