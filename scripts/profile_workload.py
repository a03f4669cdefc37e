"""Where a workload's statement spends the server's CPU under RLS and under the floor (issue 13,
session 13): `perf` on the backend of each side, the executor's functions side by side.

For each side in turn ("rls": the workload's client role with the actor's context; "floor":
tenantdb_maintenance), one connection runs the workload's statement (prepared, rows fetched) again
and again in one transaction, as one actor from the middle of bench.actors, while
`perf record --call-graph dwarf` samples its backend for SECONDS (one sample per millisecond of
its CPU). Then prints, per function, the backend's CPU per execution spent in it and in what it
calls (perf's "children" share times the CPU per execution): the same statement on both sides, so
the difference is where the policies' cost is. One connection per side and no interleaving: read
the executor's functions, not the totals, which hold the kernel's socket and scheduling work and
move with the connection (scripts/bench_connection_bias.py shows what one connection per side does
to timings). The transactions are rolled back; read-only workloads only.

    TENANTDB_PORT=54501 .venv/bin/python scripts/profile_workload.py tenantdb_bench workspace_load 6 /tmp/profile

Arguments: a loaded bench database, a workload of sql/bench/workloads.toml, seconds of sampling per
side, a directory for perf's data files (kept, for `perf report -i DIR/rls.data`). Needs `perf`
(Debian: linux-perf) and the rights to attach to the server's processes (root, or
kernel.perf_event_paranoid <= 1 for your own processes).
"""
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from tenantdb.backend import get_backend
from tenantdb.bench.workloads import CONTEXT_SQL, context_user, load_workloads, read_actors
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE

#: The executor's start, run and end, the plan cache, and the policies' own work (InitPlans, the
#: library's accessors); a function missing from a side's profile prints as 0.
FUNCTIONS = ("GetCachedPlan", "RevalidateCachedQuery", "AcquirePlannerLocks", "standard_ExecutorStart",
             "ExecInitNode", "ExecInitResult", "ExecInitSubPlan", "ExecBuildProjectionInfo", "ExecInitQual",
             "ExecInitIndexScan", "standard_ExecutorRun", "ExecSetParamPlan", "remembered_value",
             "current_remembered_context", "ExecScan", "ExecResult", "standard_ExecutorEnd", "FreeExecutorState")

if len(sys.argv) != 5:
    sys.exit(__doc__)
DB, WORKLOAD, SECONDS, OUT = sys.argv[1], sys.argv[2], float(sys.argv[3]), Path(sys.argv[4])
if shutil.which("perf") is None:
    sys.exit("perf not found: install it (Debian: apt-get install linux-perf), then run this again")
w = next((w for w in load_workloads() if w.name == WORKLOAD), None)
if w is None or w.writes:
    sys.exit(f"{WORKLOAD!r} is not a read-only workload of sql/bench/workloads.toml")
OUT.mkdir(parents=True, exist_ok=True)
db = Database(get_backend(), DB)


def profile(side: str) -> dict[str, float]:
    """µs of the backend's CPU per execution in each function and its callees ("(all)": the whole
    backend) while `side` runs its statement."""
    with db.connect() as conn:
        actors = read_actors(conn)
        actor = actors[len(actors) // 2]
        conn.execute(f"SET LOCAL ROLE {w.rls_role if side == 'rls' else MAINTENANCE_ROLE}")
        conn.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
        query = getattr(w, side)
        for _ in range(20):  # past the five custom plans of a prepared statement
            conn.execute(query, actor, prepare=True).fetchall()
        data = OUT / f"{side}.data"
        done = threading.Event()
        perf = threading.Thread(target=lambda: (subprocess.run(
            ["perf", "record", "-q", "-F", "1000", "--call-graph", "dwarf,16384", "-p", str(conn.info.backend_pid),
             "-o", str(data), "--", "sleep", str(SECONDS)], check=True, stderr=subprocess.DEVNULL), done.set()))
        perf.start()
        runs = 0
        while not done.is_set():
            conn.execute(query, actor, prepare=True).fetchall()
            runs += 1
        perf.join()
        conn.rollback()

    def report(*options: str) -> list[list[str]]:
        out = subprocess.run(["perf", "report", "-i", str(data), "-g", "none", "-q", *options],
                             check=True, capture_output=True, text=True).stdout
        return [line.split() for line in out.splitlines() if line.strip()]

    shares: dict[str, float] = {}
    for fields in report("--children", "--sort", "symbol"):
        if len(fields) >= 4 and fields[0].endswith("%"):
            shares.setdefault(fields[3], float(fields[0].rstrip("%")))
    # One sample per millisecond of the backend's CPU (-F 1000): its CPU time per execution.
    samples = sum(int(fields[2]) for fields in report("--show-nr-samples", "--sort", "comm") if len(fields) >= 4)
    cpu_us = samples * 1000 / runs
    print(f"{side}: {runs:,} executions in {SECONDS:g} s, {cpu_us:.0f} µs of the backend's CPU each (one connection; {data})")
    return {name: share * cpu_us / 100 for name, share in shares.items()} | {"(all)": cpu_us}


sides = {side: profile(side) for side in ("rls", "floor")}
print(f"\n{WORKLOAD}: the backend's CPU per execution in each function and its callees (µs)")
print(f"{'function':32} {'RLS':>7} {'floor':>7} {'RLS - floor':>12}")
for name in ("(all)", *FUNCTIONS):
    a, b = sides["rls"].get(name, 0.0), sides["floor"].get(name, 0.0)
    print(f"{name:32} {a:7.1f} {b:7.1f} {a - b:12.1f}")
