"""The command line: --help everywhere, exit 2 on bad usage, JSON where output is data."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

from cli_help import run_main
from tenantdb.cli import app


def all_commands() -> list[list[str]]:
    """Every command path of the CLI, read from the app itself (so a new command is covered)."""
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        if hasattr(command, "commands"):  # a group (typer's own click types)
            for name, sub in sorted(command.commands.items()):
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


COMMANDS = all_commands()


def test_the_command_list_is_complete():
    names = {" ".join(c) for c in COMMANDS}
    assert {"db up", "db url", "deploy", "lint", "report", "prove", "bench", "bench load", "retention run",
            "credentials rotate", "rag recall", "seed", "demo", "setup"} <= names


def tenantdb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "root")
def test_every_command_has_help_with_an_example(command):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Example: tenantdb " in result.output or "Example: psql " in result.output or \
        "Example: TENANTDB_" in result.output, f"`tenantdb {' '.join(command)} --help` shows no example"


def test_unknown_command_is_usage_error():
    """Through the real entry point (`python -m tenantdb.cli`); the other bad-usage checks call its main() in-process."""
    proc = tenantdb("frobnicate")
    assert proc.returncode == 2 and "No such command" in proc.stderr


def test_unknown_option_is_usage_error():
    proc = run_main("db", "up", "--frob")
    assert proc.returncode == 2 and "No such option" in proc.stderr


def test_db_status_json(tenantdb):  # the fixture makes sure the server runs
    proc = tenantdb_cli_json("db", "status")
    assert proc["running"] is True and proc["backend"] == "embedded"


def test_db_url_for_the_app_role(tenantdb):
    data = tenantdb_cli_json("db", "url", "--role", "app")
    assert data["url"].startswith("postgresql://tenantdb_app_harness@127.0.0.1:")  # the harness login of the group


@pytest.mark.parametrize("command", [["db", "url"], ["db", "psql"]])
def test_an_unknown_role_is_bad_usage(command):
    """The docs promise exit 2 for bad usage; an unknown --role used to exit 1."""
    proc = run_main(*command, "--role", "root")
    assert proc.returncode == 2, proc.stderr
    assert "unknown role 'root'" in proc.stderr and "use app, service, maintenance" in proc.stderr


def test_the_root_options_do_not_change_the_environment(monkeypatch):
    """--port is resolved into settings once; the process environment is left alone."""
    import os

    from typer.testing import CliRunner

    monkeypatch.delenv("TENANTDB_PORT", raising=False)
    result = CliRunner().invoke(app, ["--port", "54999", "db", "url", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["url"].endswith(":54999/tenantdb")
    assert "TENANTDB_PORT" not in os.environ


def tenantdb_cli_json(*args: str):
    proc = run_main(*args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
