"""How much of a client-side RLS/floor ratio is the connection rather than the policy (issue 13,
session 10): an A/A comparison. Both "sides" run the same floor statement of one workload as the
maintenance role, interleaved exactly as tenantdb.bench.measure_latency runs RLS and floor
(context, the timed statement, commit; the order flips every iteration), each side taking its
transactions from K connections in turn (tenantdb.bench.measure.Rotation). Any ratio but 1.00 is
bias of the measurement. Prints, per K, the A/B p50 ratio of each run; asserts nothing.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_connection_bias.py tenantdb_bench own_conversations 800 5 1 4 8

Arguments: a loaded bench database, a workload of sql/bench/workloads.toml, iterations per run,
runs per K, then the values of K. Each run opens fresh connections. Reading workloads only (each
transaction is committed, as the bench commits: psycopg's rollback() discards its prepared
statements, and the next execution would be parsed and planned again), so it writes nothing.
"""
import statistics
import sys

from tenantdb.backend import get_backend
from tenantdb.bench.measure import Rotation, _run_once
from tenantdb.bench.workloads import load_workloads, read_actors
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE

if len(sys.argv) < 6:
    sys.exit(__doc__)
DB, WORKLOAD, ITERATIONS, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
KS = [int(k) for k in sys.argv[5:]]
db = Database(get_backend(), DB)
w = next((w for w in load_workloads() if w.name == WORKLOAD), None)
if w is None or w.writes:
    sys.exit(f"{WORKLOAD!r}: name a reading workload of sql/bench/workloads.toml")
with db.connect(MAINTENANCE_ROLE) as m:
    actors = read_actors(m)
    m.commit()


def one_run(k: int) -> float:
    """The A/B p50 ratio of one run with k connections per side."""
    sides = {"A": Rotation(db, MAINTENANCE_ROLE, k), "B": Rotation(db, MAINTENANCE_ROLE, k)}
    samples: dict[str, list[float]] = {"A": [], "B": []}
    warmup = 6 * k  # every connection past PostgreSQL's five custom plans of a prepared statement
    try:
        for i in range(warmup + ITERATIONS):
            actor = actors[(i * 7919) % len(actors)]
            for side in ("AB" if i % 2 == 0 else "BA"):
                elapsed, _ = _run_once(sides[side][i], w.floor, w, actor, i)  # the bench's own transaction
                if i >= warmup:
                    samples[side].append(elapsed)
    finally:
        for r in sides.values():
            r.close()
    return statistics.median(samples["A"]) / statistics.median(samples["B"])


print(f"{WORKLOAD}: the floor against itself, {ITERATIONS} iterations per run, client-side p50 ratio A/B")
for k in KS:
    ratios = [one_run(k) for _ in range(RUNS)]
    print(f"K={k:<3} runs {' '.join(f'{r:.3f}' for r in ratios)}   farthest from 1: {max(abs(1 - r) for r in ratios):.3f}",
          flush=True)
