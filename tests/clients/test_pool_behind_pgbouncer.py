"""The project's own pool (`tenantdb.context.open_pool` + `tenant_session`) behind PgBouncer in
transaction mode. Before the fix psycopg prepared a statement after 5 executions on whichever
server connection PgBouncer lent, and the next transaction on another server connection failed
with 42P05 / 26000 (21-30 of 200 requests)."""

from __future__ import annotations

import threading

import psycopg

from tenantdb.context import open_pool, tenant_session
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE

from .conftest import POOL_SIZE

WORKERS, REQUESTS_PER_WORKER = 8, 25  # 200 requests on 8 client connections, POOL_SIZE server connections


def test_open_pool_does_not_prepare_server_side_statements(tenantdb, seeded_db):
    with open_pool(tenantdb.backend.conninfo(seeded_db, APP_ROLE), min_size=1, max_size=1) as pool, pool.connection() as conn:
        assert conn.prepare_threshold is None


def test_open_pool_and_tenant_session_work_behind_pgbouncer_transaction_pooling(tenantdb, seeded_db, bouncer):
    assert WORKERS > POOL_SIZE
    people = [(t.id, user_id(t, "admin", 1)) for t in DEMO_TENANTS]
    failures: list[str] = []
    cross_tenant = 0
    lock = threading.Lock()
    with open_pool(bouncer.rewrite(tenantdb.backend.conninfo(seeded_db, APP_ROLE)),
                   min_size=WORKERS, max_size=WORKERS) as pool:

        def worker(n: int) -> None:
            nonlocal cross_tenant
            for i in range(REQUESTS_PER_WORKER):
                tenant, person = people[(n + i) % len(people)]
                try:
                    with tenant_session(pool, tenant, person) as cur:
                        seen = {str(r[0]) for r in cur.execute(
                            "SELECT tenant_id FROM app.users WHERE display_name <> %s", ("",))}
                    with lock:
                        cross_tenant += bool(seen - {tenant})
                except psycopg.Error as exc:
                    with lock:
                        failures.append(f"{exc.sqlstate}: {exc}")

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    print(f"{WORKERS * REQUESTS_PER_WORKER} requests via PgBouncer: {len(failures)} failed, "
          f"{cross_tenant} saw another tenant's rows")
    assert failures == [], f"{len(failures)} of {WORKERS * REQUESTS_PER_WORKER} failed, e.g. {failures[:3]}"
    assert cross_tenant == 0
