"""The operations commands as an operator runs them: `tenantdb backup`, `restore`, `tenant export`,
`tenant usage`, `health` and `top`, each through the CLI with --json, on a seeded clone.

The library functions behind them are tested in test_backup_restore.py, test_tenant_ops.py and
test_health.py; these tests show the commands wire them up, print what they promise and exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tenantdb.database import drop_database
from tenantdb.seeds import DEMO_TENANTS

#: Runs `sqitch verify` (restore, health): not while another test changes cluster-wide role state.
pytestmark = pytest.mark.usefixtures("cluster_roles_stable")


A, B = DEMO_TENANTS[0].id, DEMO_TENANTS[1].id


def cli_json(*args: str) -> Any:
    """Run `tenantdb ARGS --json`; fail with its output unless it exits 0; the parsed JSON."""
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", *args, "--json"], capture_output=True, text=True,
                          timeout=600, env=dict(os.environ))
    assert proc.returncode == 0, f"tenantdb {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def seeded(tenantdb: Any) -> Any:
    with tenantdb.clone_seeded("cli_operations") as name:
        yield name


def test_backup_then_restore_from_the_cli_is_verified(tenantdb: Any, seeded: str, tmp_path: Path) -> None:
    made = cli_json("backup", "--dir", str(tmp_path), "--db", seeded)
    assert Path(made["backup"]).is_dir() and made["rows"] > 1000
    target = tenantdb.new_name("cli_restored")
    try:
        restored = cli_json("restore", made["backup"], "--db", target, "--no-prove")
        assert restored["ok"], restored
        assert restored["rows"] == made["rows"] and restored["differences"] == []
    finally:
        drop_database(tenantdb.backend, target)


def test_tenant_export_from_the_cli_writes_one_tenant(seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "export"
    cli_json("tenant", "export", A, "--out", str(out), "--db", seeded)
    manifest = next(out.glob("manifest*.json"))
    text = manifest.read_text()
    assert A in text and B not in text, "an export names its own tenant, never another"


def test_tenant_usage_from_the_cli_lists_both_demo_tenants(seeded: str) -> None:
    usage = cli_json("tenant", "usage", "--db", seeded)
    assert {A, B} <= {str(row["tenant_id"]) for row in usage["tenants"]}, usage


def test_health_and_top_from_the_cli(seeded: str) -> None:
    health = cli_json("health", "--db", seeded, "--no-verify")
    checks = {c["name"]: c["status"] for c in health["checks"]}
    assert checks["server"] == "ok" and checks["RLS forced"] == "ok" and checks["roles safe"] == "ok", health
    top = cli_json("top", "--threshold", "0ms", "--db", seeded)
    assert top["threshold_ms"] == 0.0 and isinstance(top["statements"], list)
