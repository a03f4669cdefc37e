"""Concurrent pooled load: 16 workers share a pool of 4 connections of the user-facing role;
each transaction is for a random tenant and person, some end in exceptions, rollbacks or a
server-side pg_terminate_backend; one worker is careless and sets its context session-wide (SET
without LOCAL, as a client behind PgBouncer in transaction mode might). Afterwards: zero
cross-tenant reads, and zero context bleed to the next borrower of a connection (a borrower
without a context of its own sees no rows: its queries fail with 42501, whatever was left
session-wide on the connection)."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import psycopg

from tenantdb.context import open_pool, tenant_session
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id

WORKERS, POOL_SIZE, MAX_TRANSACTIONS, MAX_SECONDS = 16, 4, 120, 30
PEOPLE = [(t, user_id(t, role, n)) for t in DEMO_TENANTS for role, n in (("student", 1), ("student", 2), ("admin", 1))]


def _rows_without_context(conn: psycopg.Connection) -> int:
    """Users a context-less transaction sees (0 when the query is refused, as it must be), after
    checking that a context-less INSERT is refused too."""
    try:
        conn.execute("INSERT INTO app.concepts (tenant_id, name) VALUES (%s, 'bleed')", (DEMO_TENANTS[0].id,))
        return 1_000_000  # a write without a context landed
    except psycopg.errors.InsufficientPrivilege:
        pass
    try:
        return int(conn.execute("SELECT count(*) FROM app.users").fetchone()[0])
    except psycopg.errors.InsufficientPrivilege:
        return 0


class Planned(Exception):
    """An exception raised inside a tenant block on purpose."""


def _borrow_without_context(pool: Any, *, careless: bool, tenant: str, person: str, stats: dict[str, Any],
                            lock: threading.Lock) -> None:
    """Borrow a connection and set no context. The careless client (one worker) instead leaves a
    session-level context on it, as a forgotten LOCAL would; every other borrower counts as bleed
    if it can read a row."""
    with pool.connection() as conn:
        if careless:
            conn.execute("SELECT set_config('app.tenant_id', %s, false),"
                         " set_config('app.user_id', %s, false)", (tenant, person))
            with lock:
                stats["session_level_sets"] += 1
            return
        rows = _rows_without_context(conn)
        with lock:
            stats["no_context_borrows"] += 1
            stats["bleed"] += rows > 0


def test_sixteen_workers_on_four_connections_never_read_across_tenants_or_inherit_a_context(tenantdb):  # noqa: C901 - one fate per branch
    with tenantdb.clone_seeded("pool_load") as db:
        pool = open_pool(tenantdb.backend.conninfo(db, "tenantdb_app"), min_size=POOL_SIZE, max_size=POOL_SIZE)
        admin = tenantdb.connect(db, autocommit=True)
        lock = threading.Lock()
        stats = {"transactions": 0, "cross_tenant": 0, "bleed": 0, "context_wrong": 0, "planned_errors": 0,
                 "terminated": 0, "session_level_sets": 0, "no_context_borrows": 0, "unexpected": []}
        deadline = time.monotonic() + MAX_SECONDS

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            for _ in range(MAX_TRANSACTIONS):
                if time.monotonic() > deadline:
                    return
                tenant, person = rng.choice(PEOPLE)
                fate = rng.random()
                try:
                    if fate < 0.15:  # a borrower that sets no context must inherit none
                        _borrow_without_context(pool, careless=seed == 0, tenant=tenant.id, person=person,
                                                stats=stats, lock=lock)
                        continue
                    with tenant_session(pool, tenant.id, person) as cur:
                        got = cur.execute("SELECT current_setting('app.tenant_id'), current_setting('app.user_id')").fetchone()
                        tenants = {str(r[0]) for r in cur.execute("SELECT DISTINCT tenant_id FROM app.users")}
                        tenants |= {str(r[0]) for r in cur.execute("SELECT DISTINCT tenant_id FROM app.conversations")}
                        with lock:
                            stats["transactions"] += 1
                            stats["context_wrong"] += got != (tenant.id, person)
                            stats["cross_tenant"] += bool(tenants - {tenant.id})
                        if fate < 0.25:
                            raise Planned()
                        if fate < 0.30:
                            cur.execute("SELECT 1 / 0")
                        if fate < 0.33:
                            pid = cur.execute("SELECT pg_backend_pid()").fetchone()[0]
                            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
                            with lock:
                                stats["terminated"] += 1
                            cur.execute("SELECT 1")
                except Planned:
                    with lock:
                        stats["planned_errors"] += 1
                except (psycopg.errors.DivisionByZero, psycopg.OperationalError):
                    with lock:
                        stats["planned_errors"] += 1
                except Exception as exc:  # noqa: BLE001 - collected and asserted below
                    with lock:
                        stats["unexpected"].append(repr(exc))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=MAX_SECONDS + 30)
            # After the load: every pooled connection, borrowed without a context, is clean.
            for _ in range(POOL_SIZE * 2):
                with pool.connection() as conn:
                    assert _rows_without_context(conn) == 0
        finally:
            pool.close()
            admin.close()
    print(stats | {"unexpected": len(stats["unexpected"])})
    assert stats["unexpected"] == [], stats["unexpected"][:5]
    assert stats["transactions"] >= 200 and stats["terminated"] >= 1 and stats["planned_errors"] >= 10, stats
    assert stats["session_level_sets"] >= 1 and stats["no_context_borrows"] >= 20, stats
    assert (stats["cross_tenant"], stats["bleed"], stats["context_wrong"]) == (0, 0, 0), stats
