"""The tenant-scaling measure at the goals' size alone (issue 13, session 6): the full size's two
scaling databases (10 and 1,000 uniform tenants of 2,000 rows; loaded if missing or stale, as
`tenantdb bench --size full` does, ~90 s here) and tenantdb.bench.measure_scaling() with its
server-side figures, without the rest of the full run. Prints per workload the 1,000/10-tenant
p50 ratio client-side and server-side (execution µs of both databases), RLS and floor; writes
the JSON when given a path; asserts nothing.

    TENANTDB_PORT=54507 .venv/bin/python scripts/bench_scaling_server.py 300 30 /tmp/scaling.json
"""
import json
import sys
import time

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.database import Database

ITERATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
WARMUP = int(sys.argv[2]) if len(sys.argv) > 2 else 30
OUT = sys.argv[3] if len(sys.argv) > 3 else None

backend = get_backend()
full = bench.SIZES["full"]
small, large = f"tenantdb_bench_t{full.scaling_small.tenants}", f"tenantdb_bench_t{full.scaling_large.tenants}"
started = time.time()
bench.ensure_loaded(backend, small, full.scaling_small)
bench.ensure_loaded(backend, large, full.scaling_large)
print(f"loaded or reused in {time.time() - started:.1f} s", flush=True)
with Database(backend, small).connect() as conn:
    workloads, _ = bench.available(conn, bench.load_workloads())
started = time.time()
results = bench.measure_scaling(backend, small, large, workloads, iterations=ITERATIONS, warmup=WARMUP)
print(f"measured in {time.time() - started:.1f} s ({ITERATIONS} iterations + {WARMUP} warm-up per workload)")
if OUT:
    with open(OUT, "w") as f:
        json.dump(results, f, indent=1)
print(f"{'workload':32} {'client RLS':>10} {'floor':>6} | {'server RLS':>10} {'µs':>13} {'floor':>6} {'µs':>13}")
for name, v in results.items():
    s = v["server"]
    print(f"{name:32} {v['rls']['ratio_p50']:>10} {v['floor']['ratio_p50']:>6} | {s['rls']['ratio_p50']:>10} "
          f"{s['rls']['small']['p50_us']:>6}->{s['rls']['large']['p50_us']:<6} {s['floor']['ratio_p50']:>6} "
          f"{s['floor']['small']['p50_us']:>6}->{s['floor']['large']['p50_us']:<6}")
