"""The document workloads of sql/bench/workloads.toml side by side on several bench databases
(issue 13, session 5; docs/benchmarks-analysis.md, "Session 5"): server-side EXPLAIN (ANALYZE,
BUFFERS) of the RLS and the floor variant as the first bench actor (a student of the largest
tenant), the databases interleaved; prints the median execution time and buffers of each.
Asserts nothing. Compare a main copy with a copy carrying a change:

    TENANTDB_PORT=54452 .venv/bin/python scripts/bench_documents.py 40 tenantdb_bench_t300 t300_after
"""
from __future__ import annotations

import statistics
import sys
from typing import Any

import psycopg

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.bench.workloads import Workload, read_actors
from tenantdb.database import Database
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE

WORKLOADS = ("document_title_ilike", "rag_documents_of_course", "rag_chunks_of_document", "chunk_fulltext_search")
WARMUP = 3


def explain(conn: psycopg.Connection[Any], w: Workload, actor: dict[str, Any], rls: bool) -> tuple[float, int]:
    """Execution ms and shared buffers of one EXPLAIN ANALYZE, rolled back."""
    document = bench.explain_analyze(conn, w, actor, floor=not rls)
    return float(document["Execution Time"]), bench.shared_buffers(document["Plan"])


def main(runs: int, dbs: list[str]) -> None:
    backend = get_backend()
    workloads = {w.name: w for w in bench.load_workloads() if w.name in WORKLOADS}
    with Database(backend, dbs[0]).connect(MAINTENANCE_ROLE) as conn:
        actor = read_actors(conn)[0]
    app = {db: Database(backend, db).connect(APP_ROLE) for db in dbs}
    floor = {db: Database(backend, db).connect(MAINTENANCE_ROLE) for db in dbs}
    for name, w in workloads.items():
        samples: dict[tuple[str, bool], list[tuple[float, int]]] = {(db, rls): [] for db in dbs for rls in (True, False)}
        for i in range(runs + WARMUP):
            for db in (dbs if i % 2 == 0 else dbs[::-1]):
                for rls in (True, False):
                    sample = explain(app[db] if rls else floor[db], w, actor, rls)
                    if i >= WARMUP:
                        samples[(db, rls)].append(sample)
        for db in dbs:
            cells = [f"{side} {statistics.median(s[0] for s in samples[(db, rls)]):.3f} ms"
                     f" {statistics.median(s[1] for s in samples[(db, rls)]):5.0f} buffers"
                     for side, rls in (("RLS", True), ("floor", False))]
            print(f"{name:24s} {db:28s} " + " | ".join(cells))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
