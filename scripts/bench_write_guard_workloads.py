"""perf/write_guard_fast_path on the bench's write workloads, server-side, in ONE run: the quick
bench data with the whole plan ("after") against a clone with revert/perf/write_guard_fast_path.sql
("before"). Each round runs pgbench -M prepared (1 client, actor n = 1, the write rolled back) on the
RLS variant in both databases and on the floor, the order rotating per round; pg_stat_statements
(created in the `postgres` database only) gives the mean execution time of each write statement.
Prints µs per statement and RLS minus floor. Asserts nothing; the databases are dropped afterwards.

    TENANTDB_PORT=54506 .venv/bin/python scripts/bench_write_guard_workloads.py 8 300
"""

from __future__ import annotations

import sys

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.bench.before_after import prepare_before_after, server_means
from tenantdb.database import drop_database

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
BEFORE, AFTER = "s6_guard_before", "s6_guard_after"
NAMES = ("message_insert", "message_insert_owner_fill", "learner_profile_update", "auth_token_consume",
         "workspace_member_role_change")

backend = get_backend()
prepare_before_after(backend, BEFORE, AFTER, bench.SIZES["quick"].main, "perf/write_guard_fast_path")
print(f"{ROUNDS} rounds x {TRANSACTIONS} transactions per side, server-side mean µs per statement")
print(f"{'workload':30} {'before':>8} {'after':>8} {'floor':>8} {'RLS-floor before':>17} {'after':>7}")
try:
    for name, before, after, floor in server_means(backend, BEFORE, AFTER, NAMES, rounds=ROUNDS,
                                                   transactions=TRANSACTIONS):
        print(f"{name:30} {before:8.1f} {after:8.1f} {floor:8.1f} {before - floor:17.1f} {after - floor:7.1f}", flush=True)
finally:
    for db in (BEFORE, AFTER):
        drop_database(backend, db)
