"""The command line: --help everywhere, exit 2 on bad usage, JSON where output is data."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

COMMANDS = [[], ["db"], ["db", "up"], ["db", "down"], ["db", "status"], ["db", "url"], ["db", "psql"],
            ["setup"], ["deploy"], ["revert"], ["verify"], ["status"], ["log"], ["seed"], ["demo"], ["lint"]]


def tenantdb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_every_command_has_help_with_an_example(command):
    proc = tenantdb(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout or "Commands" in proc.stdout


def test_unknown_command_is_usage_error():
    proc = tenantdb("frobnicate")
    assert proc.returncode == 2 and "No such command" in proc.stderr


def test_unknown_option_is_usage_error():
    proc = tenantdb("db", "up", "--frob")
    assert proc.returncode == 2 and "No such option" in proc.stderr


def test_db_status_json(tenantdb):  # the fixture makes sure the server runs
    proc = tenantdb_cli_json("db", "status")
    assert proc["running"] is True and proc["backend"] == "embedded"


def test_db_url_for_the_app_role(tenantdb):
    data = tenantdb_cli_json("db", "url", "--role", "app")
    assert data["url"].startswith("postgresql://tenantdb_app_harness@127.0.0.1:")  # the harness login of the group


def test_db_url_rejects_an_unknown_role():
    proc = tenantdb("db", "url", "--role", "root")
    assert proc.returncode == 1 and "unknown role" in proc.stderr


def tenantdb_cli_json(*args: str):
    proc = tenantdb(*args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
