"""Throughput: pgbench scripts made from the workloads, RLS and floor alternating."""

from __future__ import annotations

import os
import re
import statistics
import tempfile
from collections.abc import Callable
from typing import Any

from .. import tools
from ..backend import Backend
from ..context import set_context_select
from ..database import Database, scalar
from ..errors import TenantDBError
from ..settings import MAINTENANCE_ROLE
from .workloads import ACTOR_USER, Workload

_PARAM = re.compile(r"%\((\w+)\)s")


def pgbench_script(w: Workload, variant: str, actors: int) -> str:
    """A pgbench script for one variant: pick an actor, set the context, run the query.

    The parameters become sub-selects on bench.actors, which both variants pay alike.
    """
    query = w.rls if variant == "rls" else w.floor

    def param(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "n":
            return ":aid"
        return f"(SELECT a.{name} FROM bench.actors a WHERE a.n = :aid)"

    body = " ".join(_PARAM.sub(param, query).split())
    user_col = ACTOR_USER[w.actor]
    return (f"\\set aid random(1, {actors})\n"
            "BEGIN;\n"
            f"SELECT {set_context_select('a.tenant_id', f'a.{user_col}')} "
            "FROM bench.actors a WHERE a.n = :aid;\n"
            f"{body};\n"
            "COMMIT;\n")


_TPS = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)


def run_length(seconds: int, transactions: int | None) -> list[str]:
    """pgbench's run length: `-T seconds`, or with `transactions` `-t` that many per client."""
    return ["-t", str(transactions)] if transactions else ["-T", str(seconds)]


def length_fields(seconds: int, transactions: int | None) -> dict[str, int]:
    """How long each pgbench run was, for the results."""
    return {"transactions_per_client": transactions} if transactions else {"seconds": seconds}
_LAT = re.compile(r"^latency average = ([0-9.]+) ms", re.MULTILINE)


def _pgbench(backend: Backend, dbname: str, role: str, script: str, clients: int, seconds: int,
             transactions: int | None = None) -> dict[str, float | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".pgbench", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        proc = tools.pgbench(backend.conninfo(dbname, role),
                             ["-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, os.cpu_count() or 1)),
                              *run_length(seconds, transactions), "-f", path], timeout=seconds * 4 + 60)
    finally:
        os.unlink(path)
    tps, lat = _TPS.search(proc.stdout), _LAT.search(proc.stdout)
    if proc.returncode != 0 or not tps:
        raise TenantDBError(f"pgbench failed (exit {proc.returncode}) as {role} on {dbname}:\n{proc.stdout}{proc.stderr}")
    return {"tps": float(tps.group(1)), "latency_avg_ms": float(lat.group(1)) if lat else None}


def measure_throughput(backend: Backend, dbname: str, workloads: list[Workload], *, clients: int, seconds: int,
                       rounds: int, transactions: int | None = None,
                       progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """pgbench per workload, RLS and floor alternating for `rounds` rounds; mean tps of each side.
    Each run lasts `seconds`, or `transactions` per client when given (a smoke run)."""
    with Database(backend, dbname).connect() as conn:
        actors = scalar(conn, "SELECT count(*) FROM bench.actors")
    results: dict[str, Any] = {}
    for w in workloads:
        if progress:
            progress(w.name)
        tps: dict[str, list[float]] = {"rls": [], "floor": []}
        for r in range(rounds):
            order = ("rls", "floor") if r % 2 == 0 else ("floor", "rls")
            for side in order:
                role = w.rls_role if side == "rls" else MAINTENANCE_ROLE
                out = _pgbench(backend, dbname, role, pgbench_script(w, side, actors), clients, seconds, transactions)
                tps[side].append(out["tps"] or 0.0)
        rls, floor = statistics.fmean(tps["rls"]), statistics.fmean(tps["floor"])
        # Each round's two runs sat next to each other in time: their ratios show how far one
        # round strays (session 13: 0.73-1.44 for 1-s runs on a 2-core machine), which the mean hides.
        round_ratios = [round(a / b, 3) for a, b in zip(tps["rls"], tps["floor"], strict=True) if b]
        results[w.name] = {"clients": clients, **length_fields(seconds, transactions), "rounds": rounds,
                           "rls_tps": round(rls, 1), "floor_tps": round(floor, 1),
                           "ratio": round(rls / floor, 3) if floor else None,
                           "rls_runs_tps": [round(t, 1) for t in tps["rls"]],
                           "floor_runs_tps": [round(t, 1) for t in tps["floor"]], "round_ratios": round_ratios}
    return results


# ---------------------------------------------------------------------------------- plans
