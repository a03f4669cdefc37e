"""What EXPLAIN (ANALYZE, TIMING OFF, BUFFERS OFF) adds to the statement it times (issue 13,
session 6): the bench's server-side figures (tenantdb.bench.server_side) are EXPLAIN's
"Execution Time", so how far is that from the statement run plainly?

On a loaded bench database (default tenantdb_bench_quick: run `tenantdb bench --size quick`
first), per workload and side, interleaved per round, each in a rolled-back transaction with
the actor's context, on the role's own connection: the prepared statement run plainly
(`EXECUTE`), then under `EXPLAIN (ANALYZE, TIMING OFF, BUFFERS OFF, SUMMARY ON) EXECUTE`.
pg_stat_statements (preloaded by the embedded server; the extension is created in the
`postgres` database, so the bench database's schema is untouched) times both the same way,
executor run and finish only: the plain runs are its top-level row, the runs under EXPLAIN its
nested row (`pg_stat_statements.track = all`, set on the bench database for the run and reset
after). Nested − top-level is the instrumentation's cost; EXPLAIN's Execution Time − nested is
executor start-up and shutdown, which EXPLAIN counts and pg_stat_statements does not. Prints
mean and min of each (pg_stat_statements keeps no percentiles); asserts nothing.

    TENANTDB_PORT=54503 .venv/bin/python scripts/bench_explain_overhead.py 300
"""
import statistics
import sys

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.bench.server_side import execution_us, explain_execute, prepare
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
DB = sys.argv[2] if len(sys.argv) > 2 else "tenantdb_bench_quick"
NAMES = ("learner_profile_by_lti", "own_learning_sessions", "educator_course_dashboard", "user_interactions_view",
         "vector_top10", "message_insert")

backend = get_backend()
workloads = {w.name: w for w in bench.load_workloads() if w.name in NAMES}
with Database(backend, DB).admin() as su:
    su.execute("ALTER DATABASE " + DB + " SET pg_stat_statements.track = 'all'")
try:
    with Database(backend, "postgres").admin() as stats:
        stats.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        dbid = stats.execute("SELECT oid FROM pg_database WHERE datname = %s", (DB,)).fetchone()[0]
        with Database(backend, DB).connect(MAINTENANCE_ROLE) as m:
            actors = bench.read_actors(m)
        explain: dict[tuple[str, str], list[float]] = {}
        for w in workloads.values():
            with Database(backend, DB).connect(w.rls_role) as rls, Database(backend, DB).connect(MAINTENANCE_ROLE) as floor:
                conns = {"rls": rls, "floor": floor}
                plain = {s: prepare(c, f"ovh_plain_{s}_{w.name}", w.rls if s == "rls" else w.floor) for s, c in conns.items()}
                stats.execute("SELECT pg_stat_statements_reset()")
                for i in range(ROUNDS):
                    actor = actors[(i * 7919) % len(actors)]
                    context = (actor["tenant_id"], bench.context_user(w, actor))
                    params = {**actor, "n": i}
                    for side, conn in (conns.items() if i % 2 == 0 else list(conns.items())[::-1]):
                        # Plain EXECUTE: the EXPLAIN helper's statement with EXPLAIN left out.
                        explain_execute(conn, plain[side], params, context, explain=False)
                        doc = explain_execute(conn, plain[side], params, context)
                        explain.setdefault((w.name, side), []).append(execution_us(doc))
                for side in ("rls", "floor"):
                    mine = {top: (calls, mean, low) for top, calls, mean, low in stats.execute(
                        "SELECT toplevel, calls, mean_exec_time * 1000, min_exec_time * 1000 FROM pg_stat_statements"
                        " WHERE dbid = %s AND query LIKE %s", (dbid, f"PREPARE \"ovh_plain_{side}_{w.name}\" AS%")).fetchall()}
                    e = explain[w.name, side]
                    top, nested = mine.get(True), mine.get(False)
                    print(f"{w.name:30} {side:5} plain mean {top[1]:7.1f} min {top[2]:6.1f} (n {top[0]}) | "
                          f"under EXPLAIN mean {nested[1]:7.1f} min {nested[2]:6.1f} (n {nested[0]}) | "
                          f"EXPLAIN Execution Time p50 {statistics.median(e):6.1f} mean {statistics.fmean(e):7.1f} "
                          f"min {min(e):6.1f} µs" if top and nested else f"{w.name} {side}: {mine}")
finally:
    with Database(backend, DB).admin() as su:
        su.execute("ALTER DATABASE " + DB + " RESET pg_stat_statements.track")
