"""The main job's isolation demonstration, and the seed's idempotency."""

from __future__ import annotations

from tenantdb.demo import demonstrate
from tenantdb.seed import run_seed, table_checksums


def test_seed_twice_gives_identical_rows(tenantdb, fresh_db):
    run_seed(tenantdb.backend, fresh_db)
    first = table_checksums(tenantdb.backend, fresh_db)
    run_seed(tenantdb.backend, fresh_db)
    second = table_checksums(tenantdb.backend, fresh_db)
    assert first == second
    assert first["tenants"][0] == 2
    assert first["users"][0] >= 2 * 10


def test_demo_shows_every_promise_of_the_contract(tenantdb, fresh_db):
    run_seed(tenantdb.backend, fresh_db)
    report = demonstrate(tenantdb.backend, fresh_db)
    failed = [c for c in report.checks if not c.ok]
    assert not failed, failed
    assert len(report.checks) >= 8
