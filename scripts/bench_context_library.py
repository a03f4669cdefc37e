"""Two builds of the tenantdb_context library side by side in one run, server-side (issue 13,
session 9: the settings compared once per change instead of once per call). The library of git
revision REV (built into a temporary directory) and the working tree's (installed by `tenantdb
setup`) take turns in the embedded server's library directory, swapped by rename so running
backends keep the one they loaded; each turn runs pgbench -M prepared (1 client, the actor n = 1 of
bench.actors, new connections, so they load the library on disk) on each workload's RLS variant,
and pg_stat_statements gives the mean execution time of its statements for that turn. The order of
the builds alternates per round. The working tree's build is installed again at the end, whatever
happens. Prints µs per statement per build and the floor's. Asserts nothing; SQL and plan are the
same for both builds, only the library differs.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_context_library.py tenantdb_bench HEAD 4 300

Arguments: a loaded bench database (tenantdb bench load), the git revision of the other build,
rounds, transactions per turn, then optionally workload names (default: all). Writes are rolled
back (the bench's pgbench scripts).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tenantdb import tools
from tenantdb.backend import get_backend
from tenantdb.bench.before_after import _script_file
from tenantdb.bench.workloads import load_workloads
from tenantdb.database import CONTEXT_EXTENSION_SOURCE, admin_connect, install_context_extension
from tenantdb.settings import MAINTENANCE_ROLE, project_root

DB, REV = sys.argv[1], sys.argv[2]
ROUNDS, TRANSACTIONS = int(sys.argv[3]), int(sys.argv[4])
NAMES = sys.argv[5:] or [w.name for w in load_workloads()]
backend = get_backend()
install = tools.embedded_install_dir()
library = install / "lib" / "tenantdb_context.so"
print(install_context_extension(backend))
work = Path(tempfile.mkdtemp(prefix="tenantdb_context_"))
builds = {"working tree": work / "current.so"}
shutil.copy2(library, builds["working tree"])
other = work / "source"
other.mkdir()
for f in CONTEXT_EXTENSION_SOURCE.iterdir():
    if f.is_file() and f.suffix in {".c", ".sql", ".control"} or f.name == "Makefile":
        shutil.copy2(f, other / f.name)
source = subprocess.run(["git", "show", f"{REV}:{CONTEXT_EXTENSION_SOURCE.relative_to(project_root())}/tenantdb_context.c"],
                        capture_output=True, text=True, check=True, cwd=project_root()).stdout
(other / "tenantdb_context.c").write_text(source)
built = tools.make(["-C", str(other), f"PG_CONFIG={install / 'bin' / 'pg_config'}"])
if built.returncode != 0:
    raise SystemExit(f"building the library of {REV} failed:\n{built.output()[-2000:]}")
builds[REV] = other / "tenantdb_context.so"


def use(build: Path) -> None:
    """Put `build` where the server loads the library from (rename: mapped copies stay valid)."""
    staged = library.with_suffix(".so.staged")
    shutil.copy2(build, staged)
    os.replace(staged, library)


def turn(pg, w, role: str, script: str) -> float:
    """Mean execution µs of the workload's statements over one pgbench run."""
    pg.execute("SELECT pg_stat_statements_reset()")
    out = tools.pgbench(backend.conninfo(DB, role), ["-n", "-M", "prepared", "-c", "1", "-t", str(TRANSACTIONS), "-f", script])
    if out.returncode != 0:
        raise SystemExit(f"pgbench failed for {w.name} as {role}:\n{out.stdout}{out.stderr}")
    row = pg.execute("SELECT sum(s.total_exec_time) / sum(s.calls) * 1000 FROM pg_stat_statements s"
                     " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s AND s.calls >= %s"
                     " AND s.query !~* '^(BEGIN|COMMIT|ROLLBACK|SELECT app.set_context)'", (DB, TRANSACTIONS)).fetchone()
    return float(row[0])


workloads = {w.name: w for w in load_workloads()}
print(f"{DB}: {ROUNDS} rounds x {TRANSACTIONS} transactions per build and workload, server-side mean µs per statement")
print(f"{'workload':32} {REV:>10} {'working tree':>13} {'floor':>8} {'gain':>7}")
try:
    with admin_connect(backend, "postgres") as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        for name in NAMES:
            w = workloads[name]
            rls, floor = _script_file(w, "rls"), _script_file(w, "floor")
            means: dict[str, list[float]] = {label: [] for label in [*builds, "floor"]}
            try:
                for r in range(ROUNDS):
                    for label in (list(builds) if r % 2 == 0 else list(builds)[::-1]):
                        use(builds[label])
                        means[label].append(turn(pg, w, w.rls_role, rls))
                    means["floor"].append(turn(pg, w, MAINTENANCE_ROLE, floor))
            finally:
                Path(rls).unlink()
                Path(floor).unlink()
            old, new, base = (statistics.fmean(means[k]) for k in (REV, "working tree", "floor"))
            print(f"{name:32} {old:10.2f} {new:13.2f} {base:8.2f} {old - new:7.2f}", flush=True)
finally:
    use(builds["working tree"])
    shutil.rmtree(work)
