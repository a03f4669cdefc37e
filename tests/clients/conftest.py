"""Shared fixtures of the client suites: one seeded database per module and a PgBouncer in
transaction mode in front of it (small pool, so concurrent clients share server connections)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenantdb import pgbouncer
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

#: Server connections per (user, database) pair: far fewer than the concurrent clients.
POOL_SIZE = 4


@pytest.fixture(scope="module")
def bouncer(tenantdb, seeded_db) -> Iterator[pgbouncer.PgBouncer]:
    conninfos = [tenantdb.backend.conninfo(seeded_db, role) for role in (APP_ROLE, SERVICE_ROLE)]
    with pgbouncer.running(conninfos, pool_size=POOL_SIZE) as running:
        yield running
