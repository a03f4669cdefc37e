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
import tempfile
from pathlib import Path

from tenantdb import bench, tools
from tenantdb.backend import get_backend
from tenantdb.bench.pgbench import pgbench_script
from tenantdb.database import Database, admin_connect, clone_database, drop_database
from tenantdb.settings import MAINTENANCE_ROLE, project_root

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
BEFORE, AFTER = "s6_guard_before", "s6_guard_after"
NAMES = ("message_insert", "message_insert_owner_fill", "learner_profile_update", "auth_token_consume",
         "workspace_member_role_change")

backend = get_backend()
bench.fresh_database(backend, AFTER)
bench.load(backend, AFTER, bench.SIZES["quick"].main)
drop_database(backend, BEFORE)
clone_database(backend, AFTER, BEFORE)
with admin_connect(backend, BEFORE) as admin:
    admin.execute((project_root() / "revert" / "perf" / "write_guard_fast_path.sql").read_text())
for db in (BEFORE, AFTER):
    with Database(backend, db).connect(autocommit=True) as su:
        su.execute("VACUUM ANALYZE")

W = {w.name: w for w in bench.load_workloads()}


def script_file(w: bench.Workload, variant: str) -> str:
    """The bench's pgbench script for one variant, for the actor n = 1, rolled back."""
    text = pgbench_script(w, variant, 1).replace("random(1, 1)", "1")
    with tempfile.NamedTemporaryFile("w", suffix=".pgbench", delete=False) as f:
        f.write(text.replace("COMMIT;", "ROLLBACK;"))
    return f.name


print(f"{ROUNDS} rounds x {TRANSACTIONS} transactions per side, server-side mean µs per statement")
print(f"{'workload':30} {'before':>8} {'after':>8} {'floor':>8} {'RLS-floor before':>17} {'after':>7}")
try:
    with admin_connect(backend, "postgres") as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        for name in NAMES:
            w = W[name]
            runs = [(BEFORE, w.rls_role, script_file(w, "rls")), (AFTER, w.rls_role, script_file(w, "rls")),
                    (BEFORE, MAINTENANCE_ROLE, script_file(w, "floor"))]
            pg.execute("SELECT pg_stat_statements_reset()")
            for r in range(ROUNDS):
                k = r % len(runs)
                for db, role, path in runs[k:] + runs[:k]:
                    out = tools.pgbench(backend.conninfo(db, role),
                                        ["-n", "-M", "prepared", "-c", "1", "-t", str(TRANSACTIONS), "-f", path])
                    if out.returncode != 0:
                        raise SystemExit(f"pgbench failed on {db} as {role}:\n{out.stdout}{out.stderr}")
            means = {}
            for db, role, path in runs:
                Path(path).unlink()
                means[(db, role)] = pg.execute(
                    "SELECT sum(s.total_exec_time) / sum(s.calls) * 1000 FROM pg_stat_statements s"
                    " JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles u ON u.oid = s.userid"
                    " WHERE d.datname = %s AND u.rolname = %s AND s.calls >= %s"
                    " AND s.query !~* '^(BEGIN|COMMIT|ROLLBACK|SELECT app.set_context)'",
                    (db, backend.conninfo(db, role).split("user=")[1].split()[0], ROUNDS * TRANSACTIONS)).fetchone()[0]
            before, after = means[(BEFORE, w.rls_role)], means[(AFTER, w.rls_role)]
            floor = means[(BEFORE, MAINTENANCE_ROLE)]
            print(f"{name:30} {before:8.1f} {after:8.1f} {floor:8.1f} {before - floor:17.1f} {after - floor:7.1f}", flush=True)
finally:
    for db in (BEFORE, AFTER):
        drop_database(backend, db)
