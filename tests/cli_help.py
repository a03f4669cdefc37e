"""`tenantdb <command> --help` in-process (typer's CliRunner), for the per-area help tests.

A help text needs no server and no entry point of its own: running it as `python -m tenantdb.cli`
cost a Python start-up, the CLI's imports and, under `--cov`, a measured subprocess each (~0.6
CPU-s; 25 of them). The entry point, its exit codes and stderr are still run as subprocesses by
the bad-usage tests beside these."""

from __future__ import annotations

from typer.testing import CliRunner

from tenantdb.cli import app


def help_text(*command: str) -> str:
    """The --help output of `tenantdb <command>`; fails the test unless it exits 0."""
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, f"`tenantdb {' '.join(command)} --help` exited {result.exit_code}:\n{result.output}"
    return result.output
