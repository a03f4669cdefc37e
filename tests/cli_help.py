"""The CLI in-process, for the tests that need no process of their own: `--help` texts (typer's
CliRunner) and bad-usage exits (`tenantdb.cli.main`, the function `python -m tenantdb.cli` calls).

Running them as `python -m tenantdb.cli` cost a Python start-up, the CLI's imports and, under
`--cov`, a measured subprocess each (~0.6 CPU-s). The tests that depend on a process of their own
(a terminal or not on stdin, the environment the root options must leave alone, servers and
credentials read at start-up) still run it as a subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

from typer.testing import CliRunner

from tenantdb.cli import app, main


def help_text(*command: str) -> str:
    """The --help output of `tenantdb <command>`; fails the test unless it exits 0."""
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, f"`tenantdb {' '.join(command)} --help` exited {result.exit_code}:\n{result.output}"
    return result.output


def run_main(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`tenantdb <args>` through `main()` as the entry point runs it (argv, exit code, stdout and
    stderr apart, stdin a pipe, `env` added to the environment), in this process; the environment
    is restored afterwards."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["tenantdb", *args]), mock.patch.object(sys, "stdin", io.StringIO(stdin)), \
            mock.patch.dict(os.environ, env or {}), redirect_stdout(out), redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return subprocess.CompletedProcess(["tenantdb", *args], code, out.getvalue(), err.getvalue())
