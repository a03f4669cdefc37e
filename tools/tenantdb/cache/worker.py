"""The cache worker: drains cache_private.invalidations and deletes the keys they name.

It runs as the maintenance role (the only client with USAGE on cache_private). Each batch is one
transaction: DELETE ... RETURNING the oldest rows, delete their keys in Redis, then COMMIT (a
second worker on the same database waits on those rows, then skips them: safe, not faster). If Redis or the worker fails before the
COMMIT, the rows come back and are applied again: invalidation is at least once, never lost.
The worker polls (every 50 ms by default; at once again after a non-empty batch): the schema sends
no NOTIFY, because channels are database-wide and even an empty wake-up would tell any listener
when some tenant writes. An idle poll is one index probe of an empty table.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg

from .store import CacheStore

_DRAIN = """
DELETE FROM cache_private.invalidations
WHERE id IN (SELECT id FROM cache_private.invalidations ORDER BY created_at LIMIT %s)
RETURNING tenant_id::text, kind, object_id::text,
          extract(epoch FROM clock_timestamp() - created_at) * 1000 AS waited_ms
"""


@dataclass
class DrainResult:
    rows: int = 0
    keys_deleted: int = 0
    delays_ms: list[float] = field(default_factory=list)


def drain_once(conn: psycopg.Connection, store: CacheStore, *, batch: int = 500) -> DrainResult:
    """Apply up to `batch` outbox rows (one transaction); how many, and their write-to-done delays."""
    result = DrainResult()
    with conn.transaction():
        rows = conn.execute(_DRAIN, (batch,)).fetchall()
        started = time.perf_counter()
        for tenant, kind, obj in sorted({(t, k, o) for t, k, o, _ in rows}):
            result.keys_deleted += store.invalidate(tenant, kind, obj)
        applied_ms = (time.perf_counter() - started) * 1000
    result.rows = len(rows)
    result.delays_ms = [float(waited) + applied_ms for *_, waited in rows]
    if rows:
        store.count("invalidations", result.rows)
        store.count("invalidated_keys", result.keys_deleted)
        store.record_delays(result.delays_ms)
        store.flush_counts()
    return result


def drain_all(conn: psycopg.Connection, store: CacheStore, *, batch: int = 500) -> DrainResult:
    """Drain until the outbox is empty."""
    total = DrainResult()
    while True:
        part = drain_once(conn, store, batch=batch)
        total.rows += part.rows
        total.keys_deleted += part.keys_deleted
        total.delays_ms += part.delays_ms
        if part.rows < batch:
            return total


def run_worker(conn: psycopg.Connection, store: CacheStore, *, stop: threading.Event | None = None,
               poll_seconds: float = 0.05, batch: int = 500) -> DrainResult:
    """Drain, then wait `poll_seconds`, until `stop` is set. `conn`: an autocommit maintenance-role connection."""
    stop = stop or threading.Event()
    total = DrainResult()
    store.note("worker_state", "running")
    try:
        while not stop.is_set():
            part = drain_all(conn, store, batch=batch)
            total.rows += part.rows
            total.keys_deleted += part.keys_deleted
            if not part.rows:
                stop.wait(poll_seconds)
    finally:
        store.note("worker_state", "stopped")
    return total
