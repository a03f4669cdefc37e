"""Latency: RLS versus floor interleaved, tenant scaling, context lookups, vector recall, the machine."""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from ..backend import Backend
from ..database import Database, scalar
from ..errors import TenantDBError
from ..settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from .data import CONNECTIONS_PER_SIDE
from .server_side import ServerTimer, execution_us, explain_execute, interquartile_mean, prepare
from .server_side import percentile as percentile  # re-exported: paths.py reads it from here
from .workloads import CONTEXT_SQL, Workload, context_user, read_actors

HISTOGRAM_EDGES_MS = (0.25, 0.5, 1, 2, 4, 8, 16, 32, 64)


def histogram(values_ms: list[float]) -> list[int]:
    """Counts per latency bucket: <= 0.25 ms, <= 0.5, ... <= 64, more (len(HISTOGRAM_EDGES_MS) + 1)."""
    counts = [0] * (len(HISTOGRAM_EDGES_MS) + 1)
    for v in values_ms:
        counts[next((k for k, edge in enumerate(HISTOGRAM_EDGES_MS) if v <= edge), len(HISTOGRAM_EDGES_MS))] += 1
    return counts


def summary(samples_us: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples_us, 50) / 1000, 4), "p95_ms": round(percentile(samples_us, 95) / 1000, 4),
            "p99_ms": round(percentile(samples_us, 99) / 1000, 4),
            "mean_ms": round(statistics.fmean(samples_us) / 1000, 4), "n": len(samples_us)}


class Rotation:
    """`count` connections as one role to one database: transaction i of a measuring loop takes
    connection i % count, so both sides' samples come from the same mixture of backend processes."""

    def __init__(self, db: Database, role: str | None, count: int = CONNECTIONS_PER_SIDE) -> None:
        if count < 1:
            raise ValueError(f"a rotation needs at least one connection, not {count}")
        self.conns: list[psycopg.Connection] = []
        try:
            for _ in range(count):
                self.conns.append(db.connect(role))
        except BaseException:
            self.close()
            raise

    def __getitem__(self, i: int) -> psycopg.Connection:
        return self.conns[i % len(self.conns)]

    @property
    def first(self) -> psycopg.Connection:
        return self.conns[0]

    def close(self) -> None:
        for c in self.conns:
            c.close()


def _run_once(conn: psycopg.Connection, query: str, w: Workload, actor: dict[str, Any], n: int) -> tuple[float, int]:
    """One transaction: context, the query (timed, with its rows fetched), commit."""
    with conn.cursor() as cur:
        cur.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)), prepare=True)
        params = {**actor, "n": n}
        start = time.perf_counter_ns()
        cur.execute(query, params, prepare=True)
        rows = len(cur.fetchall()) if cur.description else cur.rowcount
        elapsed = (time.perf_counter_ns() - start) / 1000
    conn.commit()
    return elapsed, rows


def measure_latency(backend: Backend, dbname: str, workloads: list[Workload], *, iterations: int, warmup: int,
                    progress: Callable[[str], None] | None = None, server_side: bool = True,
                    connections: int = CONNECTIONS_PER_SIDE) -> dict[str, Any]:
    """Per workload: RLS and floor interleaved (the order flips every iteration), each side's
    transactions taken from `connections` connections in turn (Rotation); with `server_side`, each
    iteration then times both statements on the server too (`server`)."""
    results: dict[str, Any] = {}
    conns: dict[str, Rotation] = {}
    try:
        for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
            conns[role] = Rotation(Database(backend, dbname), role, connections)
        actors = read_actors(conns[MAINTENANCE_ROLE].first)
        conns[MAINTENANCE_ROLE].first.commit()
        for w in workloads:
            if progress:
                progress(w.name)
            rls_conns, floor_conns = conns[w.rls_role], conns[MAINTENANCE_ROLE]
            samples: dict[str, list[float]] = {"rls": [], "floor": []}
            rows: dict[str, list[int]] = {"rls": [], "floor": []}
            server = ServerTimer({"rls": rls_conns.first, "floor": floor_conns.first}, {"rls": w.rls, "floor": w.floor},
                                 w.name, enabled=server_side)
            for i in range(warmup + iterations):
                actor = actors[(i * 7919) % len(actors)]
                order = (("rls", rls_conns[i], w.rls), ("floor", floor_conns[i], w.floor))
                for side, conn, query in (order if i % 2 == 0 else order[::-1]):
                    us, count = _run_once(conn, query, w, actor, i)
                    if i >= warmup:
                        samples[side].append(us)
                        rows[side].append(count)
                # Then the same statements server-side, same actor, same order (bench.server_side).
                for side, _, _ in (order if i % 2 == 0 else order[::-1]):
                    server.run(side, {**actor, "n": i}, (actor["tenant_id"], context_user(w, actor)), keep=i >= warmup)
            server.close()
            if rows["rls"] != rows["floor"]:
                raise TenantDBError(f"workload {w.name}: the RLS and floor variants returned different row counts "
                                    f"({sum(rows['rls'])} vs {sum(rows['floor'])}); they are not the same query")
            rls, floor = summary(samples["rls"]), summary(samples["floor"])
            results[w.name] = {
                "what": w.what, "kind": w.kind, "role": w.rls_role, "rls": rls, "floor": floor,
                "rows_per_call": round(statistics.fmean(rows["rls"]), 2),
                "ratio_p50": round(rls["p50_ms"] / floor["p50_ms"], 3) if floor["p50_ms"] else None,
                "ratio_p95": round(rls["p95_ms"] / floor["p95_ms"], 3) if floor["p95_ms"] else None,
                "connections_per_side": connections,
                # What the policies add per statement (RLS p50 - floor p50), next to the ratio.
                "overhead_us": round((rls["p50_ms"] - floor["p50_ms"]) * 1000, 1),
                "histogram_ms": {"rls": histogram([x / 1000 for x in samples["rls"]]),
                                 "floor": histogram([x / 1000 for x in samples["floor"]])},
            }
            if server.enabled:  # server-side execution time in µs (EXPLAIN ANALYZE EXECUTE, bench.server_side)
                results[w.name]["server"] = server.entry()
    finally:
        for c in conns.values():
            c.close()
    return results


def measure_scaling(backend: Backend, small_db: str, large_db: str, workloads: list[Workload], *,
                    iterations: int, warmup: int, progress: Callable[[str], None] | None = None,
                    server_side: bool = True, connections: int = CONNECTIONS_PER_SIDE) -> dict[str, Any]:
    """Both variants on two databases of equal per-tenant size, interleaved: large/small p50.

    The floor's ratio is the cost of the larger database itself (caches, index depth); the RLS
    ratio next to it shows whether the policies add anything on top. Each of the four (database,
    side) takes its transactions from `connections` connections in turn (Rotation). With
    `server_side`, each iteration then times the same four statements on the server, same actors,
    same order (`server`: execution µs, bench.server_side), which the client's round-trip noise
    does not reach.
    """
    results: dict[str, Any] = {}
    conns: dict[tuple[str, str], Rotation] = {}
    try:
        for db in (small_db, large_db):
            for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
                conns[db, role] = Rotation(Database(backend, db), role, connections)
        actors = {db: read_actors(conns[db, MAINTENANCE_ROLE].first) for db in (small_db, large_db)}
        for r in conns.values():
            r.first.commit()
        for w in workloads:
            if progress:
                progress(w.name)
            conn_of = {(db, side): conns[db, w.rls_role if side == "rls" else MAINTENANCE_ROLE]
                       for db in (small_db, large_db) for side in ("rls", "floor")}
            results[w.name] = _scale_one(w, conn_of, actors, {small_db: "small", large_db: "large"},
                                         iterations=iterations, warmup=warmup, server_side=server_side)
            results[w.name]["connections_per_side"] = connections
    finally:
        for r in conns.values():
            r.close()
    return results


def _scale_one(w: Workload, conn_of: dict[tuple[str, str], Rotation], actors: dict[str, list[dict[str, Any]]],
               group: dict[str, str], *, iterations: int, warmup: int, server_side: bool) -> dict[str, Any]:
    """measure_scaling() of one workload; `group` names each database "small" or "large"."""
    samples: dict[tuple[str, str], list[float]] = {(group[db], side): [] for db, side in conn_of}
    runs = list(conn_of)
    query = {"rls": w.rls, "floor": w.floor}
    server = ServerTimer({(group[db], side): rotation.first for (db, side), rotation in conn_of.items()},
                         {(group[db], side): query[side] for db, side in runs}, w.name, enabled=server_side)
    for i in range(warmup + iterations):
        ordered = runs if i % 2 == 0 else runs[::-1]
        for db, side in ordered:
            pool = actors[db]
            us, _ = _run_once(conn_of[db, side][i], query[side], w, pool[(i * 7919) % len(pool)], i)
            if i >= warmup:
                samples[group[db], side].append(us)
        for db, side in ordered:  # the same statements server-side, same actors, same order
            actor = actors[db][(i * 7919) % len(actors[db])]
            server.run((group[db], side), {**actor, "n": i}, (actor["tenant_id"], context_user(w, actor)),
                       keep=i >= warmup)
    server.close()
    entry: dict[str, Any] = {}
    for side in ("rls", "floor"):
        small, large = summary(samples["small", side]), summary(samples["large", side])
        entry[side] = {"small": small, "large": large,
                       "ratio_p50": round(large["p50_ms"] / small["p50_ms"], 3) if small["p50_ms"] else None}
    entry["ratio_p50"] = entry["rls"]["ratio_p50"]
    if server.enabled:  # server-side execution time in µs, large/small per side (session 6)
        entry["server"] = server.groups_entry("large", "small")
    return entry


#: A tenantdb_client session's tenant: where the context is remembered (perf/context_cache) no HMAC
#: is checked per statement; without the tenantdb_context extension, the HMAC of the stamp.
CLIENT_TENANT_CHECK = "app.current_tenant_id() (a tenantdb_client session)"
#: The learner-data policies' bounds: four InitPlans per statement and table. Since the rework of
#: perf/learner_data_bounds_remembered after @v0.3.0 (session 11) each is one call of the library:
#: the remembered bound, else the unbound path, which the library runs. From the rework of
#: perf/learner_data_bounds_in_stamp after @v0.2.0 (session 9) to it, a CASE of the two (three
#: functions set up and checked at each start). Before that, between the two, they read the
#: stamp's field 9 to 12 after the binding check as the first instance of that change wrote it out
#: (never taken with a context, but set up at every executor start: ~10 us per statement); before
#: perf/learner_data_bounds_remembered, they were that read alone; before that, calls of the PL/pgSQL
#: visible_learner_ids_bound(). One bound alone is a row, and the four together are what a
#: statement pays. tests/test_lookup_table.py checks that this is the policies' text.
LEARNER_DATA_BOUND_FIELDS = {"learner_lo": 9, "learner_hi": 10, "key_hi": 11, "staff_own_key": 12}
LEARNER_DATA_BOUND_SQL = "(SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('{bound}'))"
LEARNER_DATA_BOUND_FIRST = "learner-data bound 'learner_lo' (stamp field 9, written out in the policies)"
LEARNER_DATA_BOUNDS = "learner-data bounds: the 4 of one statement (stamp fields 9-12; unbound_visible_learner_ids_bound)"


def learner_data_bound_sql(bound: str) -> str:
    """One bound of the learner-data select policies, as the policies write it."""
    if bound not in LEARNER_DATA_BOUND_FIELDS:
        raise ValueError(f"not a learner-data bound: {bound!r}")
    return LEARNER_DATA_BOUND_SQL.format(bound=bound)


#: The lookups the policies call, each as a policy runs it: one InitPlan per statement whose
#: value stays in the server (`SELECT (SELECT lookup) IS NOT NULL`), timed over the same
#: statement with the InitPlan `(SELECT 1)`. Sending the value (uuids, arrays of uuids) and
#: decoding it in Python is not a cost of RLS, so it is not in the figure (issue 13, session 5).
#: app_private.current_person_role() and current_learner_id(), the definer wrappers of
#: resolved_person_role()/resolved_learner_id(), are not rows: no policy, view or per-statement
#: function calls them any more (tests/test_lookup_table.py; docs/benchmarks-analysis.md,
#: "Session 5: the lookups"). Nor is resolved_visible_learner_ids(): since
#: perf/learner_data_key_policies no policy calls it on PostgreSQL (only the citus/* policies do,
#: docs/scale-out.md), so an educator's consent is no longer a query per statement.
ACCESSOR_BASE = "SELECT (SELECT 1) IS NOT NULL"
ACCESSORS = {
    "current_setting('app.tenant_id')::uuid (no function)": "SELECT (SELECT pg_catalog.current_setting('app.tenant_id')::uuid) IS NOT NULL",
    "app.current_tenant_id()": "SELECT (SELECT app.current_tenant_id()) IS NOT NULL",
    # The same call where the session is not trusted: binding check, then the HMAC of the stamp.
    CLIENT_TENANT_CHECK: "SELECT (SELECT app.current_tenant_id()) IS NOT NULL",
    "app.current_user_id()": "SELECT (SELECT app.current_user_id()) IS NOT NULL",
    # perf/resolved_context: what the policies call (inlined, read from the bound stamp).
    "app_private.resolved_person_role()": "SELECT (SELECT app_private.resolved_person_role()) IS NOT NULL",
    "app_private.resolved_learner_id()": "SELECT (SELECT app_private.resolved_learner_id()) IS NOT NULL",
    "app_private.own_visible_learner_ids()": "SELECT (SELECT app_private.own_visible_learner_ids()) IS NOT NULL",
    "app_private.resolved_course_ids()": "SELECT (SELECT app_private.resolved_course_ids()) IS NOT NULL",
    "app_private.resolved_workspace_ids('viewer')": "SELECT (SELECT app_private.resolved_workspace_ids('viewer')) IS NOT NULL",
    LEARNER_DATA_BOUND_FIRST: f"SELECT {learner_data_bound_sql('learner_lo')} IS NOT NULL",
    # num_nonnulls() evaluates every argument, so all four InitPlans run (an AND could stop early).
    LEARNER_DATA_BOUNDS: "SELECT pg_catalog.num_nonnulls("
    + ", ".join(learner_data_bound_sql(b) for b in LEARNER_DATA_BOUND_FIELDS) + ")",
}

#: Run after the context, before the lookup: a superuser session that sets a non-superuser role
#: takes the tenantdb_client path of app.current_tenant_id() (a superuser session user is a member
#: of every role), so the HMAC is checked as for a client login.
ACCESSOR_SETUP = {CLIENT_TENANT_CHECK: "SET LOCAL ROLE tenantdb_app"}


_FUNCTION = re.compile(r"\b((?:app(?:_private)?|tenantdb_context)\.\w+)\(")


def measure_accessors(backend: Backend, dbname: str, *, iterations: int) -> dict[str, Any]:
    """The client column of measure_lookups(): µs per lookup, None where the schema lacks it."""
    client: dict[str, Any] = measure_lookups(backend, dbname, iterations=iterations)["client"]
    return client


def measure_lookups(backend: Backend, dbname: str, *, iterations: int) -> dict[str, dict[str, float | None]]:
    """What each context lookup adds to the first statement of a transaction, as a policy's
    InitPlan (value not sent to the client), over the same statement with `(SELECT 1)`, in µs,
    interleaved. Run as the superuser because clients cannot call app_private by name; the
    lookups read the bound stamp whoever calls them, so the cost is the one a policy pays, except
    ACCESSOR_SETUP's rows (a non-superuser role for the client path). As the first student.

    "client": p50 of the client round trip minus the base's. "server": the same statement alone
    in its transaction (first-use costs included: what one policy InitPlan of it pays), right
    after it, as EXPLAIN ANALYZE EXECUTE's "Execution Time" (bench.server_side): interquartile
    mean minus the base's, since EXPLAIN reports whole µs and a p50 of whole µs cannot show a
    1.4 µs lookup. A lookup whose function the schema does not have is None in both."""
    with Database(backend, dbname).connect() as conn:
        actor = read_actors(conn)[0]
        present = {name: query for name, query in ACCESSORS.items()
                   if all(scalar(conn, "SELECT to_regproc(%s)", (fn,)) is not None for fn in _FUNCTION.findall(query))}
        conn.commit()
        queries = {ACCESSOR_BASE: ACCESSOR_BASE, **present}
        prepared = {name: prepare(conn, f"tenantdb_bench_lookup_{k}", q) for k, (name, q) in enumerate(queries.items())}
        context = (actor["tenant_id"], actor["user_id"])
        samples: dict[str, list[float]] = {k: [] for k in queries}
        server: dict[str, list[float]] = {k: [] for k in queries}
        for i in range(iterations):
            for name, query in (list(queries.items()) if i % 2 == 0 else list(queries.items())[::-1]):
                with conn.cursor() as cur:
                    cur.execute(CONTEXT_SQL, context, prepare=True)
                    if name in ACCESSOR_SETUP:
                        cur.execute(ACCESSOR_SETUP[name])
                    start = time.perf_counter_ns()
                    cur.execute(query, prepare=True)
                    cur.fetchall()
                    samples[name].append((time.perf_counter_ns() - start) / 1000)
                conn.commit()
                document = explain_execute(conn, prepared[name], {}, context, setup=ACCESSOR_SETUP.get(name))
                server[name].append(execution_us(document))
    base, server_base = percentile(samples[ACCESSOR_BASE], 50), interquartile_mean(server[ACCESSOR_BASE])
    # A lookup the schema no longer has (folded into another one, say) is reported as None.
    return {"client": {name: round(percentile(samples[name], 50) - base, 1) if name in present else None
                       for name in ACCESSORS},
            "server": {name: round(interquartile_mean(server[name]) - server_base, 2) if name in present else None
                       for name in ACCESSORS}}


# ---------------------------------------------------------------------------------- pgbench
def environment(backend: Backend, dbname: str) -> dict[str, Any]:
    with Database(backend, dbname).connect() as conn:
        version = scalar(conn, "SELECT version()")
        vector = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()
        settings: dict[str, str] = dict(conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('shared_buffers', 'work_mem', 'max_connections', 'jit', 'synchronous_commit', 'random_page_cost')").fetchall())
        size = scalar(conn, "SELECT pg_size_pretty(pg_database_size(current_database()))")
    try:
        load1 = os.getloadavg()[0]
    except OSError:
        load1 = None
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    return {"postgres": version, "pgvector": vector[0] if vector else None, "settings": settings,
            "database_size": size, "cpus": os.cpu_count(), "cpu_model": cpu, "memory": mem,
            "load_average_1m_at_start": load1, "python": platform.python_version(), "psycopg": psycopg.__version__,
            "os": platform.platform()}


def buffer_counters(backend: Backend, dbname: str) -> tuple[int, int]:
    """(blocks found in shared_buffers, blocks read from outside them) of `dbname` so far, from
    pg_stat_database. Other backends flush their counts at the end of a transaction (at most once
    a second): a difference over minutes of work is exact to a second's worth."""
    with Database(backend, dbname).connect() as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def buffer_use(before: tuple[int, int], after: tuple[int, int]) -> dict[str, Any]:
    """What the timed stages read, from two buffer_counters(): a hit ratio well under 1 means the
    run measured the disk (or the host's page cache) as much as the statements (session 12: a
    machine whose host reclaims page cache kept 6 % of a 4.8 GB bench database in memory)."""
    hit, read = after[0] - before[0], after[1] - before[1]
    return {"blocks_hit": hit, "blocks_read": read,
            "hit_ratio": round(hit / (hit + read), 5) if hit + read else None}


# ---------------------------------------------------------------------------------- a whole run
def measure_vector(backend: Backend, dbname: str, *, queries: int) -> dict[str, Any]:
    """recall@10 of app.search_chunks() against exact search (issue 4's tenantdb.rag), for the
    largest, a middle and the smallest tenant, as the service role."""
    with Database(backend, dbname).connect() as conn:
        if scalar(conn, "SELECT to_regprocedure('app.search_chunks(public.vector, integer)')") is None:
            return {"status": "skipped",
                    "reason": "the schema has no app.search_chunks() yet (issue 4)"}
        tenants = conn.execute(
            "SELECT tenant_id::text, count(*) FROM app.document_chunks GROUP BY tenant_id ORDER BY 2 DESC, 1").fetchall()
    if not tenants:
        return {"status": "skipped", "reason": "no document chunks were loaded"}
    from ..rag import tenant_recall

    picked = [tenants[0], tenants[len(tenants) // 2], tenants[-1]]
    rows = []
    with Database(backend, dbname).connect(SERVICE_ROLE, autocommit=True) as conn:
        for tenant_id, chunks in dict.fromkeys(picked):
            r = tenant_recall(conn, tenant_id, tenant_id, k=10, queries=queries)
            rows.append({"tenant": tenant_id, "chunks": chunks, "queries": r.queries, "recall_at_10": r.recall,
                         "min_results": r.min_results, "max_results": r.max_results})
    return {"status": "measured", "k": 10, "tenants": rows,
            "recall_at_10": round(min(r["recall_at_10"] for r in rows), 4),
            "min_results": min(r["min_results"] for r in rows), "max_results": max(r["max_results"] for r in rows)}


