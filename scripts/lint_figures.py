"""How long the catalog lints take on a schema of N convention tables (and that it stays clean).

    TENANTDB_PORT=54337 .venv/bin/python scripts/lint_figures.py --tables 100

Clones the test template, adds N tables written as docs/conventions.md says (each with 6
policies, 3 indexes, a security_invoker view), runs every lint and prints the time per lint and
the number of findings (expected: 0). Prints figures only; nothing asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from lint_schema import convention_schema_sql  # noqa: E402
from tenantdb.lint import load_lints, run_lints  # noqa: E402
from tenantdb.pytest_plugin import session_databases  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100, help="convention tables to create (default 100)")
    args = parser.parse_args()
    dbs = session_databases()
    with dbs.clone("lint_figures") as name, psycopg.connect(dbs.backend.conninfo(name)) as conn:
        conn.execute(convention_schema_sql(args.tables))
        conn.commit()
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM pg_policy), (SELECT count(*) FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname IN ('app', 'app_private') AND c.relkind = 'r')").fetchone()
        print(f"schema: {counts[1]} tables, {counts[0]} policies in app/app_private")
        total_start = time.perf_counter()
        rows = []
        for lint in load_lints():
            start = time.perf_counter()
            found = run_lints(conn, [lint.name])
            rows.append((lint.name, (time.perf_counter() - start) * 1000, len(found)))
        total = (time.perf_counter() - total_start) * 1000
    for lint_name, ms, n in sorted(rows, key=lambda r: -r[1]):
        print(f"{lint_name:42s} {ms:8.1f} ms  {n} finding(s)")
    print(f"{'all lints':42s} {total:8.1f} ms  {sum(r[2] for r in rows)} finding(s)")


if __name__ == "__main__":
    main()
