"""`tenantdb cache bench`: the cache on a Zipf read mix, against reads without it.

The mix: (tenant, person, kind, object) tuples taken from the database — every learner profile
read by its student and by each staff member of its tenant, every workspace's configuration read
by each member, every session read by its owner — ranked in a fixed random order and drawn with
Zipf weights 1/rank^s. Meanwhile an outside writer (a plain maintenance connection, as psql would
be) updates a drawn profile every `write_every` reads, and the worker (a thread, as the
maintenance role) drains the outbox. Reported: hit ratio, p50/p99 latency with and without the
cache (the same draws), stale reads (a version older than one committed before the read began)
with their age, and the worker's write-to-invalidation delay.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ..context import tenant_session
from .reader import QUERIES, TenantCache, dict_rows, open_cache_pool
from .store import CacheStore
from .worker import drain_all, run_worker

_POPULATION = """
SELECT p.tenant_id::text, v.id::text AS viewer, 'learner_profile' AS kind, p.id::text AS object
FROM app.learner_profiles p
JOIN app.users v ON v.tenant_id = p.tenant_id AND (v.id = p.user_id OR v.role IN ('educator', 'coach', 'admin'))
UNION ALL
SELECT m.tenant_id::text, m.user_id::text, 'workspace_config', m.workspace_id::text FROM app.workspace_members m
UNION ALL
SELECT s.tenant_id::text, s.user_id::text, 'user_session', s.id::text FROM app.user_sessions s
ORDER BY 1, 2, 3, 4
"""


@dataclass(frozen=True)
class Draw:
    tenant: str
    viewer: str
    kind: str
    obj: str


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0


def draws(population: list[Draw], n: int, s: float, seed: int) -> list[Draw]:
    rng = random.Random(seed)
    ranked = population[:]
    rng.shuffle(ranked)
    weights = [1 / (rank ** s) for rank in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights=weights, k=n)


def _uncached(pool: Any, d: Draw) -> Any:
    query, many = QUERIES[d.kind]
    with tenant_session(pool, d.tenant, d.viewer) as cur:
        cur.execute("SELECT person_role, visibility_digest FROM app.cache_visibility()").fetchone()
        rows = dict_rows(cur.execute(query, {"tenant": d.tenant, "id": d.obj}))
    return rows if many else (rows[0] if rows else None)


def run_bench(store: CacheStore, app_conninfo: str, maintenance: psycopg.Connection, worker_conn: psycopg.Connection,
              *, reads: int = 5000, zipf_s: float = 1.1, write_every: int = 100, seed: int = 7) -> dict[str, Any]:
    """Measure; `maintenance` (outside writer) and `worker_conn` are autocommit maintenance-role connections."""
    drain_all(worker_conn, store)   # the seed's own rows: not part of the measured delays
    store.clear()
    population = [Draw(*row) for row in maintenance.execute(_POPULATION).fetchall()]
    if not population:
        raise ValueError("nothing to read: seed the database first (tenantdb seed)")
    mix = draws(population, reads, zipf_s, seed)
    profiles = sorted({d.obj: d.tenant for d in population if d.kind == "learner_profile"}.items())
    rng = random.Random(seed + 1)

    pool = open_cache_pool(app_conninfo, max_size=2, timeout=5.0)
    cache = TenantCache(store, pool)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(worker_conn, store), kwargs={"stop": stop, "poll_seconds": 0.05},
                              daemon=True)
    worker.start()
    committed: dict[str, list[tuple[int, float]]] = {}   # profile -> [(version, commit time)]
    version = 0
    cached_us: list[float] = []
    stale_ages: list[float] = []
    hits = 0
    try:
        for i, d in enumerate(mix):
            if write_every and i and i % write_every == 0 and profiles:
                obj, tenant = profiles[min(len(profiles) - 1, int(rng.paretovariate(1.2)) - 1)]
                version += 1
                maintenance.execute("UPDATE app.learner_profiles SET cognitive_profile = cognitive_profile || %s"
                                    " WHERE tenant_id = %s AND id = %s", (Jsonb({"bench_version": version}), tenant, obj))
                committed.setdefault(obj, []).append((version, time.perf_counter()))
            started = time.perf_counter()
            read = cache.read(d.kind, d.tenant, d.viewer, d.obj)
            cached_us.append((time.perf_counter() - started) * 1e6)
            hits += read.source == "cache"
            if d.kind == "learner_profile" and read.value is not None and d.obj in committed:
                got = int(read.value["cognitive_profile"].get("bench_version", 0))
                newer = [t for v, t in committed[d.obj] if v > got and t < started]
                if newer:
                    stale_ages.append((started - min(newer)) * 1000)
        uncached_us: list[float] = []
        for d in mix[: min(len(mix), 3000)]:
            started = time.perf_counter()
            _uncached(pool, d)
            uncached_us.append((time.perf_counter() - started) * 1e6)
    finally:
        stop.set()
        worker.join(timeout=10)
        pool.close()
    stats = store.stats()
    return {
        "reads": reads, "zipf_s": zipf_s, "population": len(population), "writes": version,
        "hit_ratio": round(hits / reads, 4),
        "cached_us": {"p50": round(statistics.median(cached_us), 1), "p99": round(percentile(cached_us, 0.99), 1)},
        "uncached_us": {"p50": round(statistics.median(uncached_us), 1), "p99": round(percentile(uncached_us, 0.99), 1),
                        "reads": len(uncached_us)},
        "stale_reads": len(stale_ages),
        "stale_ratio": round(len(stale_ages) / reads, 5),
        "stale_age_ms": {"p50": round(statistics.median(stale_ages), 3) if stale_ages else 0.0,
                         "max": round(max(stale_ages), 3) if stale_ages else 0.0},
        "invalidation_delay_ms": {"p50": stats.get("worker_delay_ms_p50"), "p99": stats.get("worker_delay_ms_p99"),
                                  "samples": stats.get("worker_delay_samples")},
    }
