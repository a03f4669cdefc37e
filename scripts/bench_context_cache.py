"""perf/context_cache side by side (issue 13, session 7), server-side: the bench data with the whole
plan deployed ("after": the accessors answer from the context bind_context() remembered, C) against a
clone with revert/perf/context_cache.sql applied ("before": the SQL accessors of session 6), in ONE
run. Each round runs pgbench -M prepared (1 client, the actor of bench.actors n = 1) on every
workload's RLS variant in both databases and on its floor, the order rotating per round;
pg_stat_statements gives the mean execution time of each statement (tenantdb.bench.before_after).
Prints µs per statement, RLS minus floor before and after, and the after/floor ratio. Asserts
nothing. Databases s7_cache_before / s7_cache_after are dropped afterwards.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_context_cache.py 6 200
    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_context_cache.py 6 200 40 10000
    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_context_cache.py 6 200 20 5000 bounds

Optional third and fourth arguments: tenants and rows per tenant (default: the quick size). "Before"
reverts perf/learner_data_bounds_remembered and perf/context_cache (session 6's accessors); with a
fifth argument `bounds`, only perf/learner_data_bounds_remembered (its gain alone).
"""
import sys

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.bench.before_after import prepare_before_after, server_means
from tenantdb.bench.workloads import load_workloads
from tenantdb.database import admin_connect, drop_database
from tenantdb.settings import project_root

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
BEFORE, AFTER = "s7_cache_before", "s7_cache_after"
SPEC = bench.DataSpec(int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else bench.SIZES["quick"].main

backend = get_backend()
ONLY_BOUNDS = len(sys.argv) > 5 and sys.argv[5] == "bounds"
prepare_before_after(backend, BEFORE, AFTER, SPEC, "perf/learner_data_bounds_remembered")
if not ONLY_BOUNDS:
    with admin_connect(backend, BEFORE) as admin:
        admin.execute((project_root() / "revert" / "perf" / "context_cache.sql").read_text())
names = tuple(w.name for w in load_workloads())
print(f"{ROUNDS} rounds x {TRANSACTIONS} transactions per side, server-side mean µs per statement")
print(f"{'workload':30} {'before':>8} {'after':>8} {'floor':>8} {'RLS-floor before':>17} {'after':>7} {'after/floor':>12}")
try:
    for name, before, after, floor in server_means(backend, BEFORE, AFTER, names, rounds=ROUNDS,
                                                   transactions=TRANSACTIONS):
        print(f"{name:30} {before:8.1f} {after:8.1f} {floor:8.1f} {before - floor:17.1f} {after - floor:7.1f}"
              f" {after / floor:12.2f}", flush=True)
finally:
    for db in (BEFORE, AFTER):
        drop_database(backend, db)
