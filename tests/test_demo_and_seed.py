"""The main job's isolation demonstration, and the seed's idempotency."""

from __future__ import annotations

from tenantdb.demo import demonstrate
from tenantdb.seed import run_seed, table_checksums
from tenantdb.seeds import DEMO_TENANTS


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
    a, b = DEMO_TENANTS[0].slug, DEMO_TENANTS[1].slug
    assert [c.what for c in report.checks] == [
        "connected as a login of the user-facing role",
        f"tenant {a} (as its admin) sees only its own tenant row",
        f"tenant {a} sees only its own users",
        f"writing a row for tenant {b} while in {a} is rejected",
        f"updating tenant {b}'s users from {a} touches nothing",
        "no tenant context: a read fails loudly, never a silent empty result",
        "no tenant context: a write is rejected",
        "a malformed tenant id is an error, never a default",
    ]
