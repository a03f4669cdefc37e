"""What the policies cost on a partitioned table, with and without pruning (issue 13, session 10):
`user_interactions_view` as the workload (every monthly partition of app.interactions scanned,
each with its own copy of the policies' quals) and with `created_at` in January 2026 (pruned to
the partition that holds the bench's rows), RLS and floor, server-side execution time (EXPLAIN
ANALYZE, not prepared, rolled back), interleaved over the bench's actors; interquartile mean in
µs and the rows each returned. Asserts nothing.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_partition_pruning.py tenantdb_bench 800

Arguments: a loaded bench database, iterations (30 more are warm-up).
"""
import statistics
import sys

from tenantdb.backend import get_backend
from tenantdb.bench.workloads import CONTEXT_SQL, context_user, load_workloads, read_actors
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE

if len(sys.argv) != 3:
    sys.exit(__doc__)
DB, ITERATIONS, WARMUP = sys.argv[1], int(sys.argv[2]), 30
JANUARY = "{c} >= '2026-01-01' AND {c} < '2026-02-01'"
db = Database(get_backend(), DB)
w = next(w for w in load_workloads() if w.name == "user_interactions_view")
pruned_rls = w.rls.replace("WHERE user_email = %(email)s", "WHERE user_email = %(email)s AND " + JANUARY.format(c="created_at"))
pruned_floor = w.floor.replace("AND u.email = %(email)s", "AND u.email = %(email)s AND " + JANUARY.format(c="i.created_at"))
if pruned_rls == w.rls or pruned_floor == w.floor:
    sys.exit("the workload's text changed: adapt the two replace() calls of this script")
with db.connect(MAINTENANCE_ROLE) as m:
    actors = read_actors(m)
    m.commit()
with db.connect(w.rls_role) as rls, db.connect(MAINTENANCE_ROLE) as floor:
    statements = {"every partition, RLS": (rls, w.rls), "every partition, floor": (floor, w.floor),
                  "January only, RLS": (rls, pruned_rls), "January only, floor": (floor, pruned_floor)}
    samples: dict[str, list[float]] = {k: [] for k in statements}
    rows = dict.fromkeys(statements, 0)
    for i in range(WARMUP + ITERATIONS):
        actor = actors[(i * 7919) % len(actors)]
        for name, (conn, query) in (list(statements.items()) if i % 2 == 0 else list(statements.items())[::-1]):
            conn.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
            plan = conn.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + query, actor).fetchone()[0][0]
            conn.rollback()
            if i >= WARMUP:
                samples[name].append(plan["Execution Time"] * 1000)
                rows[name] += plan["Plan"]["Actual Rows"]


def iqm(values: list[float]) -> float:
    values = sorted(values)
    return statistics.fmean(values[len(values) // 4: 3 * len(values) // 4])


for name in statements:
    print(f"{name:24} {iqm(samples[name]):8.1f} µs   rows {rows[name]:.0f}")
for scope in ("every partition", "January only"):
    print(f"RLS - floor, {scope}: {iqm(samples[scope + ', RLS']) - iqm(samples[scope + ', floor']):.1f} µs")
