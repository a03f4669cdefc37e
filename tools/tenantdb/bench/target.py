"""The RLS-versus-floor workloads on a database as it stands: no deploy, no load, no template.

`tenantdb bench` deploys and loads its own databases on the server it manages. An operator's
deployment (a Citus coordinator above all: docs/scale-out.md) is loaded once by other means and
must be measured where it is. Here each workload of sql/bench/workloads.toml runs on its own
(tenantdb.bench.measure.measure_latency, RLS and floor interleaved), so a workload the target
refuses is recorded with its error and the others are still measured; and each variant's plan is
read for the number of tasks Citus sends to the shards (1: routed to one shard group; more: fanned
out to every shard), None on plain PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from ..backend import Backend
from ..database import Database
from ..errors import BadInput, TenantDBError
from ..settings import MAINTENANCE_ROLE
from .data import CONNECTIONS_PER_SIDE
from .measure import measure_latency
from .workloads import CONTEXT_SQL, Workload, available, context_user, load_workloads, read_actors

_TASK_COUNT = re.compile(r"Task Count: (\d+)")


def task_count(plan_lines: list[str]) -> int | None:
    """Tasks the Citus coordinator sends (summed over the plan's distributed scans), or None: no
    distributed scan (plain PostgreSQL, or a Citus local table)."""
    counts = [int(m.group(1)) for line in plan_lines for m in [_TASK_COUNT.search(line)] if m]
    return sum(counts) if counts else None


def _explain_tasks(conn: psycopg.Connection, query: str, w: Workload, actor: dict[str, Any]) -> int | None:
    """EXPLAIN (no ANALYZE: nothing runs) of one variant in the actor's context; rolled back."""
    try:
        with conn.cursor() as cur:
            cur.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
            cur.execute("EXPLAIN " + query, {**actor, "n": 0})
            return task_count([str(r[0]) for r in cur.fetchall()])
    finally:
        conn.rollback()


def _latency(backend: Backend, dbname: str, w: Workload, *, iterations: int, warmup: int,
             connections: int = CONNECTIONS_PER_SIDE) -> dict[str, Any]:
    """measure_latency's entry with the server-side figures; where the target refuses the
    EXPLAIN ANALYZE EXECUTE they need (a distributed write on Citus, say), the client figures
    alone, with the refusal as `server_refused`. An error of the client part is raised."""
    try:
        entry: dict[str, Any] = measure_latency(backend, dbname, [w], iterations=iterations, warmup=warmup,
                                                connections=connections)[w.name]
        return entry
    except psycopg.Error as exc:
        server_error = f"{exc.sqlstate}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    entry = measure_latency(backend, dbname, [w], iterations=iterations, warmup=warmup, server_side=False,
                            connections=connections)[w.name]
    entry["server_refused"] = server_error
    return entry


def measure_target(backend: Backend, dbname: str, *, iterations: int, warmup: int, only: list[str] | None = None,
                   workloads_file: Path | None = None, progress: Callable[[str], None] | None = None,
                   connections: int = CONNECTIONS_PER_SIDE) -> dict[str, Any]:
    """Latency of every available workload of `workloads_file` (default sql/bench/workloads.toml), or
    of `only`, on `dbname` as loaded (bench.actors must
    exist: tenantdb bench load), one workload at a time; a refusal is recorded, not raised.

    Returns {"latency": {name: measure_latency's entry + "tasks"}, "refused": {name: {"sqlstate",
    "error", "tasks"}}, "skipped": {name: why}}. Writes commit, as in `tenantdb bench`: use a
    dedicated database.
    """
    db = Database(backend, dbname)
    with db.connect(MAINTENANCE_ROLE) as conn:
        workloads, skipped = available(conn, load_workloads(workloads_file))
        actors = read_actors(conn)
    if only:
        unknown = sorted(set(only) - {w.name for w in workloads})
        if unknown:
            raise BadInput(f"unknown or unavailable workload(s): {', '.join(unknown)}",
                           hint="see sql/bench/workloads.toml; a workload whose tables are missing is skipped")
        workloads = [w for w in workloads if w.name in only]
    out: dict[str, Any] = {"latency": {}, "refused": {}, "skipped": skipped}
    for w in workloads:
        if progress:
            progress(w.name)
        tasks: dict[str, int | None | str] = {}
        for side, role, query in (("rls", w.rls_role, w.rls), ("floor", MAINTENANCE_ROLE, w.floor)):
            with db.connect(role) as conn:
                try:
                    tasks[side] = _explain_tasks(conn, query, w, actors[0])
                except psycopg.Error as exc:
                    tasks[side] = f"EXPLAIN failed: {exc.sqlstate}"
        try:
            entry = _latency(backend, dbname, w, iterations=iterations, warmup=warmup, connections=connections)
        except psycopg.Error as exc:
            out["refused"][w.name] = {"what": w.what, "kind": w.kind, "role": w.rls_role, "sqlstate": exc.sqlstate,
                                      "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                                      "tasks": tasks}
            continue
        except TenantDBError as exc:  # RLS and floor disagree on the rows: never a figure
            out["refused"][w.name] = {"what": w.what, "kind": w.kind, "role": w.rls_role, "sqlstate": None,
                                      "error": str(exc.args[0]), "tasks": tasks}
            continue
        entry["tasks"] = tasks
        out["latency"][w.name] = entry
    return out
