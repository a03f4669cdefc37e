"""Destructive and targeting defaults of the CLI and of plain sqitch (issue 17):

- `tenantdb revert` without -y refuses when stdin is not a terminal, and on a terminal Enter
  means no (sqitch.conf: [revert] prompt_accept = false). Before: Sqitch's prompt defaulted to
  yes and a closed stdin or Enter reverted everything.
- `deploy --db` and `seed --db` of a missing database fail the same clear way.
- plain `sqitch` does not reach a hard-coded server (sqitch.conf had port 54329 in it); the
  harness hands out the right target (`tenantdb db url --sqitch`).
- `tenantdb status` names the deployed release (plan tag).
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from tenantdb.database import admin_connect, database_exists
from tenantdb.releases import plan_tags
from tenantdb.settings import GROUP_ROLES, project_root
from tenantdb.sqitch import plan_changes

ROOT = Path(__file__).resolve().parents[1]


def cli_env(tenantdb) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TENANTDB_DATABASE", "SQITCH_TARGET")}
    env["TENANTDB_PORT"] = str(tenantdb.backend.settings.port)  # the same server as the fixtures
    return env


def cli(tenantdb, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], env=cli_env(tenantdb), stdin=stdin,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


def deployed_changes(tenantdb, dbname: str) -> int:
    with tenantdb.connect(dbname, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM sqitch.changes").fetchone()[0]


def test_revert_without_yes_refuses_when_stdin_is_not_a_terminal(tenantdb, fresh_db):
    before = deployed_changes(tenantdb, fresh_db)
    proc = cli(tenantdb, "revert", "--db", fresh_db, "--to", "core/tenants")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "stdin is not a terminal" in proc.stderr and "-y" in proc.stderr
    assert deployed_changes(tenantdb, fresh_db) == before


def test_revert_prompt_defaults_to_no_when_enter_is_pressed(tenantdb, fresh_db):
    before = deployed_changes(tenantdb, fresh_db)
    pid, fd = pty.fork()
    if pid == 0:  # the child: tenantdb revert on a terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "tenantdb.cli", "revert", "--db", fresh_db,
                                   "--to", "core/tenants"], cli_env(tenantdb))
    output, answered, deadline, status = b"", False, time.monotonic() + 60, None
    while time.monotonic() < deadline and status is None:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            with contextlib.suppress(OSError):  # OSError: the child closed the terminal
                output += os.read(fd, 4096)
        if not answered and b"[No]" in output:
            os.write(fd, b"\n")  # Enter: take the default
            answered = True
        reaped, code = os.waitpid(pid, os.WNOHANG)
        if reaped:
            status = code
    if status is None:  # still waiting for an answer: stop it
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode(errors="replace")
    assert answered, f"no prompt defaulting to No was shown:\n{text}"
    assert deployed_changes(tenantdb, fresh_db) == before, f"Enter reverted changes:\n{text}"
    assert os.waitstatus_to_exitcode(status) != 0


@pytest.mark.usefixtures("cluster_roles_lock")  # reverts role changes (client_role, group_roles): cluster-wide
def test_revert_with_yes_reverts(tenantdb, fresh_db):
    proc = cli(tenantdb, "revert", "--db", fresh_db, "--yes", "--to", "core/tenants")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert deployed_changes(tenantdb, fresh_db) == plan_changes().index("core/tenants") + 1


def test_deploy_and_seed_of_a_missing_database_fail_the_same_clear_way(tenantdb):
    name = tenantdb.new_name("missing")
    deployed = cli(tenantdb, "deploy", "--db", name)
    seeded = cli(tenantdb, "seed", "--db", name)
    for proc in (deployed, seeded):
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert f"database '{name}' does not exist" in proc.stderr and "--create" in proc.stderr
    assert deployed.stderr == seeded.stderr
    assert not database_exists(tenantdb.backend, name), "a refused deploy must not create the database"


@pytest.mark.usefixtures("cluster_roles_lock")  # deploys core/roles, which re-asserts LOGIN on the groups
def test_deploy_create_makes_the_database(tenantdb):
    name = tenantdb.new_name("created")
    with admin_connect(tenantdb.backend) as su:
        nologin = [r[0] for r in su.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) AND NOT rolcanlogin",
                                            (list(GROUP_ROLES),))]
    try:
        proc = cli(tenantdb, "deploy", "--db", name, "--create", "--to", "core/tenants")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert deployed_changes(tenantdb, name) == plan_changes().index("core/tenants") + 1
        status = cli(tenantdb, "status", "--db", name)
        assert status.returncode == 0 and "release: none yet" in status.stdout, status.stdout
    finally:
        from tenantdb.database import drop_database

        drop_database(tenantdb.backend, name)
        # Roles are cluster-wide: give the groups back the NOLOGIN that the full plan of every other
        # database here requires (its security/group_roles verify checks it).
        with admin_connect(tenantdb.backend) as su:
            for role in nologin:
                su.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(role)))


def test_status_names_the_deployed_release(tenantdb, fresh_db):
    proc = cli(tenantdb, "status", "--db", fresh_db)
    assert proc.returncode == 0, proc.stderr
    assert plan_tags()[0] == "@v0.1.0"
    assert f"release: {plan_tags()[-1]}" in proc.stdout, proc.stdout


def test_plain_sqitch_does_not_reach_a_hard_coded_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "SQITCH_"))}
    env["HOME"] = str(tmp_path)  # no ~/.pg_service.conf
    proc = subprocess.run([shutil.which("sqitch") or "sqitch", "status"], cwd=project_root(), env=env,
                          capture_output=True, text=True, timeout=60)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert 'definition of service "tenantdb" not found' in out, out
    assert "port" not in out, f"plain sqitch tried a server: {out}"


def test_the_harness_hands_plain_sqitch_the_right_server(tenantdb, fresh_db):
    target = cli(tenantdb, "db", "url", "--sqitch", "--db", fresh_db).stdout.strip()
    assert target == tenantdb.backend.sqitch_target(fresh_db)[0] and target.endswith(f"/{fresh_db}")
    assert f":{conninfo_to_dict(tenantdb.backend.conninfo(fresh_db))['port']}/" in target
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["SQITCH_TARGET"] = target
    proc = subprocess.run([shutil.which("sqitch") or "sqitch", "status"], cwd=project_root(), env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"# On database {target}" in proc.stdout and "Nothing to deploy" in proc.stdout
