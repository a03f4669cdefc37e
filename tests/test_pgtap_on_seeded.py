"""The pgTAP files on a database that already holds tenants (the demo seed), as an operator runs
them on a deployment (docs/scale-out.md, "Session 4, merged"). rag/enrollment_visibility.sql
chunked every document of the database and failed there on a duplicate chunk key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantdb.pytest_plugin import parse_tap, run_psql_file

PGTAP_DIR = Path(__file__).parent / "pgtap"


@pytest.mark.parametrize("path", sorted(PGTAP_DIR.rglob("*.sql")), ids=lambda p: p.relative_to(PGTAP_DIR).as_posix())
def test_the_pgtap_file_passes_on_a_seeded_database(tenantdb, seeded_db, path):
    proc = run_psql_file(tenantdb.backend, seeded_db, path)
    outcome = parse_tap(proc.stdout, proc.stderr, proc.returncode)
    assert outcome.passed, outcome.problems
