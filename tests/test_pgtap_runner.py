"""The pgTAP runner must fail a file for every way a pgTAP file can go wrong, and the same files
must pass under pg_prove."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from tenantdb.backend import client_bin
from tenantdb.pytest_plugin import parse_tap, planned_tests, run_tap_file

FIXTURES = Path(__file__).parent / "fixtures" / "pgtap"
PGTAP_DIR = Path(__file__).parent / "pgtap"


def pg_prove_argv(tenantdb, dbname: str, files: list[str]) -> list[str]:
    """pg_prove takes host, port, user and database as separate options (no conninfo string)."""
    p = conninfo_to_dict(tenantdb.backend.conninfo(dbname))
    return [shutil.which("pg_prove") or "pg_prove", "--psql-bin", client_bin("psql"),
            "--host", p["host"], "--port", str(p["port"]), "--username", p["user"], "--dbname", dbname, *files]


def test_passing_file_passes(tenantdb):
    outcome = run_tap_file(tenantdb, FIXTURES / "passing.sql")
    assert outcome.passed, outcome.problems
    assert [r.description for r in outcome.results] == ["Passes"]


def test_failing_assertion_fails_and_keeps_diagnostics(tenantdb):
    outcome = run_tap_file(tenantdb, FIXTURES / "failing_assertion.sql")
    assert not outcome.passed
    failed = [r for r in outcome.results if not r.ok]
    assert [r.number for r in failed] == [2]
    diagnostics = "\n".join(failed[0].diagnostics)
    assert "have: 1" in diagnostics and "want: 2" in diagnostics
    assert any("Looks like you failed 1 test of 2" in p for p in outcome.problems)


def test_plan_mismatch_fails(tenantdb):
    outcome = run_tap_file(tenantdb, FIXTURES / "plan_mismatch.sql")
    assert not outcome.passed
    assert any("planned 3" in p for p in outcome.problems), outcome.problems


def test_sql_error_fails_with_the_error(tenantdb):
    outcome = run_tap_file(tenantdb, FIXTURES / "sql_error.sql")
    assert not outcome.passed
    assert outcome.returncode != 0
    assert any("no_such_table" in p for p in outcome.problems), outcome.problems


def test_output_without_plan_fails():
    outcome = parse_tap("ok 1 - something\n")
    assert not outcome.passed
    assert any("no plan" in p for p in outcome.problems)


def test_todo_failure_does_not_fail_the_file():
    outcome = parse_tap("1..1\nnot ok 1 - later # TODO not built yet\n")
    assert outcome.passed


def test_every_pgtap_file_passes_under_pg_prove(tenantdb):
    """pg_prove runs the very same files (all in one fresh clone; each file rolls back)."""
    pg_prove = shutil.which("pg_prove")
    assert pg_prove, "pg_prove is missing: bash scripts/setup.sh installs it"
    files = sorted(str(p) for p in PGTAP_DIR.rglob("*.sql"))
    assert files, "no pgTAP files found"
    with tenantdb.clone("pg_prove") as dbname:
        proc = subprocess.run(
            pg_prove_argv(tenantdb, dbname, files),
            capture_output=True, text=True, timeout=900,
        )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Result: PASS" in proc.stdout


def test_pg_prove_reports_a_failing_file(tenantdb):
    with tenantdb.clone("pg_prove_fail") as dbname:
        proc = subprocess.run(
            pg_prove_argv(tenantdb, dbname, [str(FIXTURES / "failing_assertion.sql")]),
            capture_output=True, text=True, timeout=300,
        )
    assert proc.returncode != 0 and "Result: FAIL" in proc.stdout


def test_collect_only_never_touches_a_database():
    """Collection reads the files; with every server unreachable, --collect-only still lists
    one item per planned TAP line and one `plan` item per file."""
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nowhere?connect_timeout=1",
           "TENANTDB_BACKEND": "external"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-o", "addopts=",
                           "-p", "no:cacheprovider", str(PGTAP_DIR)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=PGTAP_DIR.parents[1])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    files = sorted(PGTAP_DIR.rglob("*.sql"))
    items = [line for line in proc.stdout.splitlines() if "::" in line]
    assert len(items) == sum((planned_tests(f) or 0) + 1 for f in files)
    assert all(planned_tests(f) for f in files), "every pgTAP file declares plan(n)"


def test_planned_tests_reads_the_plan_and_ignores_comments(tmp_path):
    f = tmp_path / "x.sql"
    f.write_text("-- SELECT plan(99);\nBEGIN;\nSELECT plan( 4 );\nSELECT * FROM finish();\n")
    assert planned_tests(f) == 4
    f.write_text("SELECT no_plan();\n")
    assert planned_tests(f) is None


def test_an_output_line_that_only_looks_like_a_plan_is_not_one():
    """tappy reads `^1..(\\d+)` with unescaped dots, so a uuid printed by a query ("17e69857-...")
    became the plan "1..69857" and failed tests/pgtap/core/bound_context.sql now and then."""
    outcome = parse_tap("1..1\n17e69857-aaaa-4bbb-8ccc-000000000000|1f2e3d4c-0000-4000-8000-000000000000\nok 1 - fine\n")
    assert outcome.planned == 1 and outcome.passed, outcome.problems
