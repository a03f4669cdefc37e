"""One plan change off and on, side by side in one run, server-side, executor start included (issue
13, session 9). On a loaded bench database with the whole plan deployed, each round applies the
change's revert script ("off") or its deploy script ("on"), in alternating order, then runs each
named workload of sql/bench/workloads.toml N times per side: its RLS variant as its role and its
floor as the maintenance role, each as EXPLAIN (ANALYZE, TIMING OFF) EXECUTE of the prepared
statement after the context, rolled back (tenantdb.bench.server_side), interleaved. Prints the
interquartile mean of "Execution Time" per workload, side and state, and RLS minus floor. The
change is deployed again at the end, whatever happens. Asserts nothing. The change must be the
last of the plan, or one whose scripts later changes do not depend on (its revert then deploy
must give the same database): reworked instances at the end of the plan are such changes.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_change_variants.py tenantdb_bench \\
        perf/context_cache 4 300 learner_profile_by_lti own_conversations

Arguments: database, change (its newest scripts: revert/<change>.sql, deploy/<change>.sql),
rounds, executions per side, state and round, then workload names. A dedicated bench database
only: the scripts commit.
"""
import statistics
import sys

from tenantdb.backend import get_backend
from tenantdb.bench.server_side import explain_sides, interquartile_mean
from tenantdb.bench.workloads import load_workloads, read_actors
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE, project_root

DB, CHANGE, ROUNDS, N = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
NAMES = sys.argv[5:]
db = Database(get_backend(), DB)
workloads = {w.name: w for w in load_workloads()}
scripts = {state: (project_root() / kind / f"{CHANGE}.sql").read_text() for state, kind in (("off", "revert"), ("on", "deploy"))}
with db.connect(MAINTENANCE_ROLE) as m:
    actors = read_actors(m)
    m.commit()


def apply(state: str) -> None:
    with db.admin() as su:
        su.execute(scripts[state])


def measure(name: str) -> dict[str, float]:
    """Interquartile mean µs of each side of one workload over N interleaved executions."""
    times = explain_sides(db, workloads[name], actors, N, "change_variants")
    return {side: interquartile_mean(values) for side, values in times.items()}


results: dict[tuple[str, str], dict[str, list[float]]] = {(n, s): {"rls": [], "floor": []} for n in NAMES for s in scripts}
try:
    for r in range(ROUNDS):
        for state in (["off", "on"] if r % 2 == 0 else ["on", "off"]):
            apply(state)
            for name in NAMES:
                for side, us in measure(name).items():
                    results[name, state][side].append(us)
            print(f"round {r + 1}: {state}", flush=True)
finally:
    apply("on")

print(f"\n{CHANGE} off/on, {ROUNDS} rounds x {N} executions per side: EXPLAIN ANALYZE execution time"
      " (executor start included), interquartile mean µs")
print(f"{'workload':32} {'RLS off':>8} {'RLS on':>8} {'floor':>8} {'adds off':>9} {'adds on':>8}")
for name in NAMES:
    off, on = results[name, "off"], results[name, "on"]
    floor = statistics.fmean(off["floor"] + on["floor"])
    rls_off, rls_on = statistics.fmean(off["rls"]), statistics.fmean(on["rls"])
    print(f"{name:32} {rls_off:8.2f} {rls_on:8.2f} {floor:8.2f} {rls_off - floor:9.2f} {rls_on - floor:8.2f}")
