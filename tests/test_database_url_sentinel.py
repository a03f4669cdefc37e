"""The harness only writes to databases it was told to write to. With DATABASE_URL pointing at an
operator's database (here a seeded sentinel), the commands the test suite runs with
TENANTDB_DATABASE=<its own clone> must leave the sentinel untouched. Before the fix the URL's
database name won over TENANTDB_DATABASE: `credentials rotate` re-encrypted the sentinel's
credentials and `retention run` archived its rows."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tenantdb import retention
from tenantdb.credentials import Keyring, rotate
from tenantdb.seed import run_seed, table_checksums
from tenantdb.settings import MAINTENANCE_ROLE

ROOT = Path(__file__).resolve().parents[1]
OLD_KEY = base64.b64encode(bytes(range(32, 64))).decode()
NEW_KEY = base64.b64encode(bytes(range(32))).decode()
# Not the public development key: the CLI refuses that one on any server but the embedded one.
KEYS = f"k2026a:{OLD_KEY},k2026b:{NEW_KEY}"
#: For the suite run against DATABASE_URL (an external server): real-looking keys, never the dev key.
SUITE_KEYS = {"TENANTDB_CREDENTIAL_KEYS": f"k2026a:{OLD_KEY}", "TENANTDB_TOKEN_KEYS": f"t2026a:{NEW_KEY}"}


def off_the_dev_key(tenantdb, db: str) -> None:
    """Re-encrypt `db`'s seeded credentials (dev key) with k2026a, in-process, as an operator would
    have done before pointing the CLI at an external server."""
    dev = Keyring.from_env({"TENANTDB_CREDENTIAL_KEYS": ""})
    keyring = Keyring({**dev.keys, **Keyring.from_env({"TENANTDB_CREDENTIAL_KEYS": KEYS}).keys}, "k2026a")
    with tenantdb.connect(db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        assert rotate(conn, keyring, "k2026a")["remaining"] == 0


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_database_url_names_a_database_the_suite_never_writes_to(tenantdb, seeded_db):
    backend = tenantdb.backend
    with tenantdb.clone("sentinel") as sentinel:
        run_seed(backend, sentinel)
        for db in (sentinel, seeded_db):
            off_the_dev_key(tenantdb, db)
        retention.fill_sync_logs(backend.conninfo(sentinel), 30)
        retention.fill_sync_logs(backend.conninfo(seeded_db), 30)
        sentinel_before = table_checksums(backend, sentinel)
        target_before = table_checksums(backend, seeded_db)

        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(DATABASE_URL=backend.conninfo(sentinel), TENANTDB_DATABASE=seeded_db,
                   TENANTDB_CREDENTIAL_KEYS=KEYS)
        env.pop("TENANTDB_BACKEND", None)
        rotated = cli(env, "credentials", "rotate", "--to", "k2026b", "--json")
        assert rotated.returncode == 0, rotated.stderr
        archived = cli(env, "retention", "run", "--json")
        assert archived.returncode == 0, archived.stderr

        assert table_checksums(backend, sentinel) == sentinel_before, "the DATABASE_URL database was written to"
        changed = {t for t, v in table_checksums(backend, seeded_db).items() if v != target_before[t]}
        assert {"external_connections", "sync_logs"} <= changed, "the named database was not the one written"


@pytest.mark.slow
def test_the_suites_that_write_leave_the_database_url_database_untouched(tenantdb):
    """The issue's own reproduction: run the test files that wrote to the operator's database
    (credentials re-encrypted, rows archived) with DATABASE_URL naming a seeded sentinel."""
    backend = tenantdb.backend
    with tenantdb.clone("sentinel_suite") as sentinel:
        run_seed(backend, sentinel)
        retention.fill_sync_logs(backend.conninfo(sentinel), 30)
        before = table_checksums(backend, sentinel)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "TENANTDB_"))}
        env["DATABASE_URL"] = backend.conninfo(sentinel)
        env.update(SUITE_KEYS)
        # --no-cov: a nested pytest-cov would erase this run's coverage data (every .coverage.* file
        # the CLI subprocesses wrote so far) at its start and combine the rest away at its end; the
        # nested run is measured as a subprocess instead (coverage's patch = ["subprocess"]).
        # -n 0: two files need no xdist workers (three more interpreters and sessions for nothing).
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov", "-n", "0",
                               "tests/test_credentials.py", "tests/test_retention.py"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
        assert table_checksums(backend, sentinel) == before, "the suite wrote to the DATABASE_URL database"
