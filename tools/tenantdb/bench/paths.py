"""Measurements of issue 13 beyond RLS versus floor: a student in the largest versus small tenants,
the token-verified tenantdb_client login beside tenantdb_app, and pgbench at 1, 5 and 10 clients
with p95 per client count."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from .. import tools
from ..backend import Backend
from ..client_logins import create_client_login, drop_client_login
from ..database import Database, scalar
from ..errors import TenantDBError
from ..settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from ..tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys
from .data import CONNECTIONS_PER_SIDE
from .measure import (
    HISTOGRAM_EDGES_MS,
    Rotation,
    _run_once,
    histogram,
    percentile,
    summary,
)
from .pgbench import _TPS, length_fields, pgbench_script, run_length
from .server_side import ServerTimer
from .workloads import CONTEXT_SQL, Workload, context_user, read_actors

CLIENT_COUNTS = (1, 5, 10)


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def tenant_pools(actors: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The actors of the largest tenant (the first: tenants are numbered by size) and those of the
    smallest quarter of the tenants that have actors."""
    largest = [a for a in actors if a["tenant_id"] == actors[0]["tenant_id"]]
    tenants = list(dict.fromkeys(a["tenant_id"] for a in actors))
    small_tenants = set(tenants[-max(1, len(tenants) // 4):]) - {actors[0]["tenant_id"]}
    small = [a for a in actors if a["tenant_id"] in small_tenants] or largest
    return largest, small


def measure_tenant_size(backend: Backend, dbname: str, workloads: list[Workload], *, iterations: int, warmup: int,
                        progress: Callable[[str], None] | None = None, server_side: bool = True) -> dict[str, Any]:
    """A student's own-rows queries for students of the largest tenant versus students of small
    tenants, in one database, both variants interleaved: largest/small p50 under RLS and under the
    floor (the goal: within 1.2 on both, a student's cost must not grow with their tenant). With
    `server_side`, each iteration then times the same statements on the server (`server`:
    execution µs, bench.server_side), same actors, same order."""
    chosen = [w for w in workloads if w.tenant_size]
    conns: dict[str, psycopg.Connection] = {}
    out: dict[str, Any] = {"workloads": {}}
    try:
        for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
            conns[role] = Database(backend, dbname).connect(role)
        actors = read_actors(conns[MAINTENANCE_ROLE])
        largest, small = tenant_pools(actors)
        sizes: dict[str, int] = dict(conns[MAINTENANCE_ROLE].execute(
            "SELECT tenant_id::text, count(*) FROM app.learner_profiles WHERE tenant_id = ANY(%s::uuid[]) GROUP BY 1",
            ([a["tenant_id"] for a in largest[:1] + small],)).fetchall())
        conns[MAINTENANCE_ROLE].commit()
        out["largest_tenant_students"] = sizes.get(largest[0]["tenant_id"], 0)
        small_sizes = [sizes.get(t, 0) for t in dict.fromkeys(a["tenant_id"] for a in small)]
        out["small_tenants"] = len(small_sizes)
        out["small_tenant_students"] = round(statistics.fmean(small_sizes), 1) if small_sizes else 0
        for w in chosen:
            if progress:
                progress(w.name)
            runs = [(pool, side) for pool in ("largest", "small") for side in ("rls", "floor")]
            samples: dict[tuple[str, str], list[float]] = {r: [] for r in runs}
            conn_of = {"rls": conns[w.rls_role], "floor": conns[MAINTENANCE_ROLE]}
            query = {"rls": w.rls, "floor": w.floor}
            # One prepared statement per side; both pools' samples are kept apart as (pool, side).
            server = ServerTimer(conn_of, query, w.name, enabled=server_side)
            for i in range(warmup + iterations):
                ordered = runs if i % 2 == 0 else runs[::-1]
                for pool, side in ordered:
                    members = largest if pool == "largest" else small
                    us, _ = _run_once(conn_of[side], query[side], w, members[(i * 7919) % len(members)], i)
                    if i >= warmup:
                        samples[pool, side].append(us)
                for pool, side in ordered:  # the same statements server-side, same actors, same order
                    members = largest if pool == "largest" else small
                    actor = members[(i * 7919) % len(members)]
                    server.run(side, {**actor, "n": i}, (actor["tenant_id"], context_user(w, actor)),
                               keep=i >= warmup, sample=(pool, side))
            server.close()
            entry: dict[str, Any] = {}
            for side in ("rls", "floor"):
                big, little = summary(samples["largest", side]), summary(samples["small", side])
                entry[side] = {"largest": big, "small": little, "ratio_p50": _ratio(big["p50_ms"], little["p50_ms"])}
            if server.enabled:  # server-side execution time in µs, largest/small per side (session 6)
                entry["server"] = server.groups_entry("largest", "small")
            out["workloads"][w.name] = entry
    finally:
        for c in conns.values():
            c.close()
    return out


def _timed(cur: psycopg.Cursor[Any], query: str, params: Any) -> float:
    start = time.perf_counter_ns()
    cur.execute(query, params, prepare=True)
    if cur.description:
        cur.fetchall()
    return (time.perf_counter_ns() - start) / 1000


def measure_client(backend: Backend, dbname: str, workloads: list[Workload], keyring: TokenKeyring, *,
                   iterations: int, warmup: int, progress: Callable[[str], None] | None = None,
                   connections: int = CONNECTIONS_PER_SIDE) -> dict[str, Any]:
    """The main student workloads as tenantdb_app (app.set_context) and as a token-verified
    tenantdb_client login (app.set_token with a fresh signed token per transaction), interleaved,
    for the students of the largest tenant (a client login is bound to one tenant). Figures: p50 of
    the context call and of the statement on each side."""
    chosen = [w for w in workloads if w.client and w.role == "app" and w.actor == "student"]
    with Database(backend, dbname).connect(MAINTENANCE_ROLE) as conn:
        actors = read_actors(conn)
        conn.commit()
        load_keys(conn, keyring)
    largest, _ = tenant_pools(actors)
    tenant = largest[0]["tenant_id"]
    login = f"tdbc_bench_{os.getpid()}"
    create_client_login(backend, dbname, login, tenant)
    out: dict[str, Any] = {"tenant": tenant, "actors": len(largest), "connections_per_side": connections, "workloads": {}}
    rotations: list[Rotation] = []
    try:
        app = Rotation(Database(backend, dbname), APP_ROLE, connections)
        rotations.append(app)
        client = Rotation(Database(backend, dbname), login, connections)
        rotations.append(client)
        for w in chosen:
            if progress:
                progress(w.name)
            samples: dict[str, list[float]] = {k: [] for k in ("app_context", "app", "client_context", "client")}
            for i in range(warmup + iterations):
                actor = largest[(i * 7919) % len(largest)]
                params = {**actor, "n": i}
                sides = [("app", app[i]), ("client", client[i])]
                for side, conn in (sides if i % 2 == 0 else sides[::-1]):
                    with conn.cursor() as cur:
                        if side == "app":
                            ctx = _timed(cur, CONTEXT_SQL, (tenant, context_user(w, actor)))
                        else:
                            ctx = _timed(cur, SET_TOKEN_SQL, (issue(keyring, tenant, actor["user_id"]),))
                        us = _timed(cur, w.rls, params)
                    conn.commit()
                    if i >= warmup:
                        samples[f"{side}_context"].append(ctx)
                        samples[side].append(us)
            p50 = {k: round(percentile(v, 50), 1) for k, v in samples.items()}
            out["workloads"][w.name] = {
                "app": summary(samples["app"]), "client": summary(samples["client"]),
                "context_us": {"app": p50["app_context"], "client": p50["client_context"]},
                "ratio_p50": _ratio(p50["client"], p50["app"]),
                "overhead_us": round(p50["client"] - p50["app"], 1),
            }
    finally:
        for r in rotations:
            r.close()
        drop_client_login(backend, dbname, login)
    return out


def _pgbench_logged(backend: Backend, dbname: str, role: str, script: str, clients: int, seconds: int,
                    transactions: int | None = None) -> dict[str, Any]:
    """One pgbench run with per-transaction logging: tps and the latency distribution. A run of
    `transactions` per client (not `seconds`) takes its tps from pgbench's own report."""
    with tempfile.TemporaryDirectory(prefix="tenantdb-bench-") as tmp:
        path = Path(tmp) / "script.pgbench"
        path.write_text(script)
        proc = tools.pgbench(backend.conninfo(dbname, role),
                             ["-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, os.cpu_count() or 1)),
                              *run_length(seconds, transactions), "-l", "--log-prefix", str(Path(tmp) / "log"),
                              "-f", str(path)],
                             timeout=seconds * 4 + 60)
        if proc.returncode != 0:
            raise TenantDBError(f"pgbench failed (exit {proc.returncode}) as {role} on {dbname}:\n{proc.stdout}{proc.stderr}")
        latencies = [float(line.split()[2]) for log in Path(tmp).glob("log.*") for line in log.read_text().splitlines()
                     if len(line.split()) >= 3]
    if not latencies:
        raise TenantDBError(f"pgbench as {role} on {dbname} logged no transaction")
    reported = _TPS.search(proc.stdout) if transactions else None
    if transactions and not reported:
        raise TenantDBError(f"pgbench as {role} on {dbname} reported no tps:\n{proc.stdout}{proc.stderr}")
    tps = float(reported.group(1)) if reported else len(latencies) / seconds
    return {"tps": round(tps, 1), "transactions": len(latencies),
            "p50_ms": round(percentile(latencies, 50) / 1000, 3), "p95_ms": round(percentile(latencies, 95) / 1000, 3),
            "histogram_ms": histogram([x / 1000 for x in latencies])}


def measure_concurrency(backend: Backend, dbname: str, workloads: list[Workload], *, seconds: int,
                        transactions: int | None = None,
                        client_counts: tuple[int, ...] = CLIENT_COUNTS,
                        progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The sources' "5-10 concurrent users without degradation": pgbench at each client count,
    RLS then floor, per-transaction latencies logged: tps, p50 and p95 per client count."""
    with Database(backend, dbname).connect() as conn:
        actors = int(scalar(conn, "SELECT count(*) FROM bench.actors"))
    out: dict[str, Any] = {"client_counts": list(client_counts), **length_fields(seconds, transactions),
                           "histogram_edges_ms": list(HISTOGRAM_EDGES_MS), "workloads": {}}
    for w in (w for w in workloads if w.concurrency):
        if progress:
            progress(w.name)
        runs: dict[str, Any] = {}
        for clients in client_counts:
            entry: dict[str, Any] = {side: _pgbench_logged(backend, dbname, w.rls_role if side == "rls" else MAINTENANCE_ROLE,
                                           pgbench_script(w, side, actors), clients, seconds, transactions)
                                   for side in ("rls", "floor")}
            entry["tps_ratio"] = _ratio(entry["rls"]["tps"], entry["floor"]["tps"])
            runs[str(clients)] = entry
        base = runs[str(client_counts[0])]["rls"]["p95_ms"]
        out["workloads"][w.name] = {"runs": runs,
                                    "p95_growth": _ratio(runs[str(client_counts[-1])]["rls"]["p95_ms"], base)}
    return out
