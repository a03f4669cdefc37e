"""Server-side time per statement: what the server spends executing a workload, without the client
round trip whose noise (±40 µs on 2 shared cores) hides what the policies cost in short statements.

The method (issue 13, session 6): the workload's statement is PREPAREd on the same connection that
runs it for the client figures, and each timed run is one transaction of the same shape as theirs
(the actor's `app.set_context(...)`, the statement) with the statement as

    EXPLAIN (ANALYZE, TIMING OFF, BUFFERS OFF, SUMMARY ON, FORMAT JSON) EXECUTE <it>(<the actor's values>)

rolled back (a write leaves no row behind, as bench.explain_analyze). "Execution Time" is the
executor from start-up to shutdown (InitPlans, so the policies' lookups, and AFTER triggers
included; parsing, planning and sending rows are not); "Planning Time" is the plan cache's look-up (a
re-plan when the plan is custom). EXPLAIN EXECUTE takes the plan from the plan cache as EXECUTE
does, so the plan is the one a prepared client statement gets. TIMING OFF: no clock call per row,
only row counts (what this adds is in docs/benchmarks-analysis.md, "Session 6"). Percentiles, not
means: a mean is spoiled by the odd cold cache or descheduled backend.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import pq, sql

from ..errors import TenantDBError
from .workloads import CONTEXT_SQL

EXPLAIN_OPTIONS = "ANALYZE, TIMING OFF, BUFFERS OFF, SUMMARY ON, FORMAT JSON"
_PARAM = re.compile(r"%\((\w+)\)s")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


@dataclass(frozen=True)
class Prepared:
    """A statement PREPAREd under `name`, its parameters $1.. taking the values of `keys`."""

    name: str
    keys: tuple[str, ...]


def numbered(query: str) -> tuple[str, tuple[str, ...]]:
    """`query` with psycopg's `%(key)s` placeholders as $1.. (and `%%` as `%`), for PREPARE, and
    the keys in the order of their numbers."""
    keys: list[str] = []

    def number(m: re.Match[str]) -> str:
        if m.group(1) not in keys:
            keys.append(m.group(1))
        return f"${keys.index(m.group(1)) + 1}"

    return _PARAM.sub(number, query).replace("%%", "%"), tuple(keys)


def prepare(conn: psycopg.Connection, name: str, query: str) -> Prepared:
    """PREPARE `query` (psycopg's `%(key)s` placeholders) as `name` on `conn`, parameters untyped
    as psycopg sends strings, so the server infers the same types; committed (a prepared
    statement outlives transactions)."""
    body, keys = numbered(query)
    conn.execute(sql.SQL("PREPARE {} AS ").format(sql.Identifier(name)) + sql.SQL(body))
    conn.commit()
    return Prepared(name, keys)


def deallocate(conn: psycopg.Connection, prepared: Prepared) -> None:
    conn.execute(sql.SQL("DEALLOCATE {}").format(sql.Identifier(prepared.name)))
    conn.commit()


def explain_execute(conn: psycopg.Connection, prepared: Prepared, params: dict[str, Any], context: tuple[str, str], *,
                    setup: str | None = None, explain: bool = True) -> dict[str, Any]:
    """One rolled-back transaction (`conn` must be outside one): the context, `setup` (a `SET
    LOCAL ROLE`, say), then EXPLAIN (ANALYZE ...) EXECUTE of `prepared` with `params`: the whole
    document (Plan, Planning Time, Execution Time in ms). With explain=False the same transaction
    with a plain EXECUTE (rows discarded, an empty document): what
    scripts/bench_explain_overhead.py compares it with."""
    call: sql.Composable = sql.Identifier(prepared.name)
    if prepared.keys:
        call = sql.SQL("{}({})").format(call, sql.SQL(", ").join(sql.Literal(params[k]) for k in prepared.keys))
    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        raise TenantDBError("explain_execute() needs a connection outside a transaction (commit first)")
    try:
        conn.execute(CONTEXT_SQL, context)
        if setup:
            conn.execute(setup)  # a constant of the bench (ACCESSOR_SETUP)
        if not explain:
            conn.execute(sql.SQL("EXECUTE ") + call)
            return {}
        row = conn.execute(sql.SQL(f"EXPLAIN ({EXPLAIN_OPTIONS}) EXECUTE ") + call).fetchone()
    finally:
        _rollback(conn)
    if row is None:
        raise TenantDBError(f"EXPLAIN EXECUTE {prepared.name} returned no plan")
    document: dict[str, Any] = (row[0] if isinstance(row[0], list) else json.loads(row[0]))[0]
    return document


def _rollback(conn: psycopg.Connection) -> None:
    """ROLLBACK through libpq. psycopg's rollback() (and any statement tagged ROLLBACK) makes it
    DEALLOCATE ALL on the connection: our PREPAREd statement, and the client figures' own prepared
    statements, which would then be parsed and planned again in the next timed run."""
    result = conn.pgconn.exec_(b"ROLLBACK")
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise TenantDBError(f"ROLLBACK failed: {conn.pgconn.error_message.decode(errors='replace')}")


def execution_us(document: dict[str, Any]) -> float:
    return float(document["Execution Time"]) * 1000


def planning_us(document: dict[str, Any]) -> float:
    return float(document.get("Planning Time", 0.0)) * 1000


def interquartile_mean(values: list[float]) -> float:
    """The mean of the middle half (25th to 75th percentile, by rank): robust to outliers like a
    median, but not rounded to the whole µs EXPLAIN reports."""
    ordered = sorted(values)
    middle = ordered[len(ordered) // 4: len(ordered) - len(ordered) // 4] or ordered
    return sum(middle) / len(middle)


def summary_us(execution: list[float], planning: list[float]) -> dict[str, float]:
    """Execution p50/p95 and planning p50 in µs (EXPLAIN reports whole µs), and n."""
    return {"p50_us": round(percentile(execution, 50), 1), "p95_us": round(percentile(execution, 95), 1),
            "planning_p50_us": round(percentile(planning, 50), 1), "n": len(execution)}


def server_entry(samples: dict[str, list[float]], planning: dict[str, list[float]]) -> dict[str, Any]:
    """The `server` figures of a latency workload: both sides, their p50/p95 ratios and the µs
    the policies add to the execution (RLS p50 - floor p50)."""
    rls, floor = summary_us(samples["rls"], planning["rls"]), summary_us(samples["floor"], planning["floor"])
    return {"rls": rls, "floor": floor,
            "ratio_p50": round(rls["p50_us"] / floor["p50_us"], 3) if floor["p50_us"] else None,
            "ratio_p95": round(rls["p95_us"] / floor["p95_us"], 3) if floor["p95_us"] else None,
            "overhead_us": round(rls["p50_us"] - floor["p50_us"], 1)}


def _label(key: str | tuple[str, ...]) -> str:
    return key if isinstance(key, str) else "_".join(key)


class ServerTimer:
    """The server-side half of a measuring loop for one workload: a statement PREPAREd per key
    (its connection and query: "rls"/"floor" in measure_latency, ("small", "rls") ... in
    measure_scaling), a sample per call of `run`, kept under the key or under `sample` (a group of
    actors on the same connection: ("largest", "rls") in measure_tenant_size). Not `enabled`: does
    nothing (`tenantdb bench target` on a server that refuses EXPLAIN ANALYZE of a workload)."""

    def __init__(self, conns: Mapping[Any, psycopg.Connection], queries: Mapping[Any, str], tag: str, *,
                 enabled: bool = True) -> None:
        self.conns, self.enabled = conns, enabled
        self.prepared = {key: prepare(conns[key], f"tenantdb_bench_{_label(key)}_{tag}", q)
                         for key, q in queries.items()} if enabled else {}
        self.samples: dict[Any, list[float]] = {key: [] for key in queries}
        self.planning: dict[Any, list[float]] = {key: [] for key in queries}

    def run(self, key: Any, params: dict[str, Any], context: tuple[str, str], *, keep: bool, sample: Any = None) -> None:
        if not self.enabled:
            return
        document = explain_execute(self.conns[key], self.prepared[key], params, context)
        if keep:
            kept = key if sample is None else sample
            self.samples.setdefault(kept, []).append(execution_us(document))
            self.planning.setdefault(kept, []).append(planning_us(document))

    def close(self) -> None:
        for key, p in self.prepared.items():
            deallocate(self.conns[key], p)

    def entry(self) -> dict[str, Any]:
        return server_entry(self.samples, self.planning)

    def groups_entry(self, big: str, small: str) -> dict[str, Any]:
        """The server figures of a scaling-like measure: per side ("rls", "floor") the samples kept
        as (big, side) and (small, side) and their big/small p50 ratio; "ratio_p50" is the RLS
        side's (the goal's figure, as in the client entry next to it)."""
        out: dict[str, Any] = {}
        for side in ("rls", "floor"):
            a = summary_us(self.samples[big, side], self.planning[big, side])
            b = summary_us(self.samples[small, side], self.planning[small, side])
            out[side] = {big: a, small: b, "ratio_p50": round(a["p50_us"] / b["p50_us"], 3) if b["p50_us"] else None}
        out["ratio_p50"] = out["rls"]["ratio_p50"]
        return out


def explain_sides(db: Any, w: Any, actors: list[dict[str, Any]], n: int, prefix: str,
                  before: Callable[[str, psycopg.Connection, dict[str, Any], tuple[str, str]], None] | None = None
                  ) -> dict[str, list[float]]:
    """Execution µs (EXPLAIN ANALYZE EXECUTE, executor start included) of workload `w`'s RLS variant
    as its role and of its floor as the maintenance role, `n` times each, interleaved (the order
    reversed every other time), the actors in turn; each in its own rolled-back transaction after
    the context. `before(side, conn, actor, context)` runs first each time, outside that
    transaction (scripts/bench_policy_variants.py: the plain statement, for pg_stat_statements).
    `db`: a tenantdb.database.Database; `w`: a Workload."""
    from ..settings import MAINTENANCE_ROLE
    from .workloads import context_user

    times: dict[str, list[float]] = {"rls": [], "floor": []}
    with db.connect(w.rls_role) as rls, db.connect(MAINTENANCE_ROLE) as floor:
        conns = {"rls": rls, "floor": floor}
        prepared = {side: prepare(conns[side], f"{prefix}_{side}", getattr(w, side)) for side in conns}
        for i in range(n):
            actor = {**actors[i % len(actors)], "n": i}
            context = (actor["tenant_id"], context_user(w, actor))
            for side in list(conns)[:: 1 if i % 2 == 0 else -1]:
                if before is not None:
                    before(side, conns[side], actor, context)
                times[side].append(execution_us(explain_execute(conns[side], prepared[side], actor, context)))
        for side in conns:
            deallocate(conns[side], prepared[side])
    return times
