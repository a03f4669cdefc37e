"""The README's pg_prove command, run as written (only port and database swapped for the test's
own clone), runs every pgTAP file. Before the fix it had no `--ext .sql`: pg_prove found no
`.pg` files, ran 0 tests and exited 0."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from tenantdb.backend import client_bin

ROOT = Path(__file__).resolve().parents[1]


def readme_pg_prove_line() -> str:
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("pg_prove ")]
    assert len(lines) == 1, f"expected one pg_prove command in README.md, found {lines}"
    return lines[0]


def test_the_readme_pg_prove_command_runs_every_pgtap_file(tenantdb):
    assert shutil.which("pg_prove"), "pg_prove is missing: bash scripts/setup.sh installs it"
    argv = shlex.split(readme_pg_prove_line())
    files = sorted((ROOT / "tests" / "pgtap").rglob("*.sql"))
    with tenantdb.clone("readme_pg_prove") as dbname:
        params = conninfo_to_dict(tenantdb.backend.conninfo(dbname))
        argv[argv.index("-p") + 1] = str(params["port"])
        argv[argv.index("-d") + 1] = dbname
        argv[1:1] = ["--psql-bin", client_bin("psql")]
        proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900)
    summary = re.search(r"Files=(\d+), Tests=(\d+)", proc.stdout)
    assert summary, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert int(summary.group(1)) == len(files), f"pg_prove ran {summary.group(1)} of {len(files)} files"
    assert int(summary.group(2)) > 0
    assert proc.returncode == 0 and "Result: PASS" in proc.stdout, proc.stdout[-3000:]
