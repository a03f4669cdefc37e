"""A plan change measured side by side in one run, server-side: the bench's data with the whole plan
("after") against a clone with the change's revert script applied ("before"), each workload's RLS
variant run by pgbench -M prepared in both databases and its floor in "before", the order rotating
per round, and the mean execution time of each statement read from pg_stat_statements (preloaded by
the embedded server; the extension is created in the `postgres` database only, so the bench
databases' schema is not touched). Used by the scripts/bench_*.py that show one change's gain."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from .. import tools
from ..backend import Backend
from ..database import Database, admin_connect, clone_database, drop_database
from ..settings import MAINTENANCE_ROLE, project_root
from .data import DataSpec
from .load import fresh_database, load
from .pgbench import pgbench_script
from .workloads import Workload, load_workloads


def prepare_before_after(backend: Backend, before: str, after: str, spec: DataSpec, change: str) -> None:
    """`after`: a fresh database with the plan deployed and `spec`'s data; `before`: its clone with
    revert/<change>.sql applied. Both vacuumed and analysed."""
    fresh_database(backend, after)
    load(backend, after, spec)
    drop_database(backend, before)
    clone_database(backend, after, before)
    with admin_connect(backend, before) as admin:
        admin.execute((project_root() / "revert" / f"{change}.sql").read_text())
    for db in (before, after):
        with Database(backend, db).connect(autocommit=True) as su:
            su.execute("VACUUM ANALYZE")


def _script_file(w: Workload, variant: str) -> str:
    """The bench's pgbench script of one variant for the actor n = 1, a write rolled back."""
    text = pgbench_script(w, variant, 1).replace("random(1, 1)", "1")
    with tempfile.NamedTemporaryFile("w", suffix=".pgbench", delete=False) as f:
        f.write(text.replace("COMMIT;", "ROLLBACK;") if w.writes else text)
    return f.name


def server_means(backend: Backend, before: str, after: str, names: tuple[str, ...], *, rounds: int,
                 transactions: int) -> Iterator[tuple[str, float, float, float]]:
    """Per workload: (name, RLS mean µs in `before`, in `after`, floor mean µs), each the mean
    execution time of the workload's statements (not BEGIN/COMMIT/ROLLBACK/set_context)."""
    workloads = {w.name: w for w in load_workloads()}
    with admin_connect(backend, "postgres") as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        for name in names:
            w = workloads[name]
            runs = [(before, w.rls_role, _script_file(w, "rls")), (after, w.rls_role, _script_file(w, "rls")),
                    (before, MAINTENANCE_ROLE, _script_file(w, "floor"))]
            pg.execute("SELECT pg_stat_statements_reset()")
            try:
                for r in range(rounds):
                    k = r % len(runs)
                    for db, role, path in runs[k:] + runs[:k]:
                        out = tools.pgbench(backend.conninfo(db, role),
                                            ["-n", "-M", "prepared", "-c", "1", "-t", str(transactions), "-f", path])
                        if out.returncode != 0:
                            raise SystemExit(f"pgbench failed on {db} as {role}:\n{out.stdout}{out.stderr}")
            finally:
                for _, _, path in runs:
                    Path(path).unlink()
            means = {}
            for db, role, _ in runs:
                row = pg.execute(
                    "SELECT sum(s.total_exec_time) / sum(s.calls) * 1000 FROM pg_stat_statements s"
                    " JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles u ON u.oid = s.userid"
                    " WHERE d.datname = %s AND u.rolname = %s AND s.calls >= %s"
                    " AND s.query !~* '^(BEGIN|COMMIT|ROLLBACK|SELECT app.set_context)'",
                    (db, backend.conninfo(db, role).split("user=")[1].split()[0], rounds * transactions)).fetchone()
                means[(db, role)] = float(row[0]) if row and row[0] is not None else float("nan")
            yield name, means[(before, w.rls_role)], means[(after, w.rls_role)], means[(before, MAINTENANCE_ROLE)]
