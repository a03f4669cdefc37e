"""A throw-away PgBouncer in transaction mode in front of a server, for tests and examples.

    with pgbouncer.running([backend.conninfo(db, APP_ROLE)], pool_size=4) as bouncer:
        via = bouncer.rewrite(backend.conninfo(db, APP_ROLE))   # same user/db, PgBouncer's port

It runs Debian's ``pgbouncer`` (1.18 on Debian 12) on a free 127.0.0.1 port with
``pool_mode = transaction`` and a small pool, so concurrent clients really share server
connections. Client authentication is ``trust`` on loopback; the users (and any passwords the
server needs) come from the conninfos given, so the role names are never written here.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from . import tools
from .errors import DatabaseUnavailable, ToolMissing
from .settings import SYSTEM_USER

INSTALL_HINT = "install it with: sudo apt-get install pgbouncer   (or run: bash scripts/setup.sh)"
START_TIMEOUT_S = 10.0


def pgbouncer_executable() -> str:
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if not found:
        raise ToolMissing("pgbouncer is not installed", hint=INSTALL_HINT)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@dataclass
class PgBouncer:
    """A running PgBouncer: where it listens and how to reach the server through it."""

    port: int
    directory: Path
    process: tools.Process

    def rewrite(self, conninfo: str) -> str:
        """`conninfo` with host and port replaced by PgBouncer's (user, database, password kept)."""
        params = conninfo_to_dict(conninfo)
        params.update(host="127.0.0.1", port=str(self.port))
        return make_conninfo("", **params)

    def url(self, conninfo: str) -> str:
        """The same as a postgresql:// URL (for node-postgres and friends)."""
        p = conninfo_to_dict(self.rewrite(conninfo))
        return f"postgresql://{p['user']}@127.0.0.1:{self.port}/{p['dbname']}"

    def log(self) -> str:
        try:
            return (self.directory / "pgbouncer.log").read_text()
        except OSError:
            return ""


def write_config(directory: Path, conninfos: list[str], *, listen_port: int, pool_size: int,
                 server_reset_query_always: bool) -> Path:
    """pgbouncer.ini and userlist.txt for the users and server of `conninfos` (one server)."""
    params = [conninfo_to_dict(c) for c in conninfos]
    server = params[0]
    host = server.get("host") or "127.0.0.1"
    port = server.get("port") or "5432"
    users = {str(p["user"]): str(p.get("password") or "") for p in params if p.get("user")}
    (directory / "userlist.txt").write_text("".join(f"{_quote(u)} {_quote(pw)}\n" for u, pw in sorted(users.items())))
    ini = f"""[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
auth_type = trust
auth_file = {directory / "userlist.txt"}
pool_mode = transaction
default_pool_size = {pool_size}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 500
server_reset_query = DISCARD ALL
server_reset_query_always = {1 if server_reset_query_always else 0}
ignore_startup_parameters = extra_float_digits,options
logfile = {directory / "pgbouncer.log"}
log_connections = 0
log_disconnections = 0
admin_users =
"""
    path = directory / "pgbouncer.ini"
    path.write_text(ini)
    return path


@contextmanager
def running(conninfos: list[str], *, pool_size: int = 4, server_reset_query_always: bool = False) -> Iterator[PgBouncer]:
    """Start PgBouncer for the users of `conninfos`, yield it, stop it. Root runs it as the system user."""
    exe = pgbouncer_executable()
    directory = Path(tempfile.mkdtemp(prefix="tenantdb-pgbouncer-"))
    port = free_port()
    config = write_config(directory, conninfos, listen_port=port, pool_size=pool_size,
                          server_reset_query_always=server_reset_query_always)
    argv = [exe, str(config)]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        try:
            pw = pwd.getpwnam(SYSTEM_USER)
        except KeyError:  # no embedded server on this machine: any unprivileged account will do
            pw = pwd.getpwnam("nobody")
        directory.chmod(0o755)
        for f in directory.iterdir():
            f.chmod(0o644)
        os.chown(directory, pw.pw_uid, pw.pw_gid)
        argv = [exe, "-u", pw.pw_name, str(config)]
    process = tools.spawn(argv)
    bouncer = PgBouncer(port, directory, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                out = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise DatabaseUnavailable(f"pgbouncer exited at start (exit {process.returncode}): {out}{bouncer.log()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise DatabaseUnavailable(f"pgbouncer did not listen on 127.0.0.1:{port}: {bouncer.log()}") from None
                time.sleep(0.05)
        yield bouncer
    finally:
        tools.stop(process)
        shutil.rmtree(directory, ignore_errors=True)
