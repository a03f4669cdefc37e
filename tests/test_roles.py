"""Group roles and per-service logins (issue 15): `tenantdb role add | list | drop`, the harness's
own logins. (The upgrade of a seeded v0.1.0 database to the NOLOGIN groups: tests/test_upgrade.py.)"""

from __future__ import annotations

import json
import subprocess
import uuid

import pytest

from cli_help import help_text, run_main
from tenantdb.database import admin_connect
from tenantdb.roles import drop_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import APP_ROLE, GROUP_ROLES, MAINTENANCE_ROLE, SERVICE_ROLE, harness_login

A, B = DEMO_TENANTS


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`tenantdb <args>` in-process (tests/cli_help.py): the commands here need no process of their own."""
    return run_main(*args, stdin=stdin or "")


@pytest.fixture
def login_name(tenantdb, module_db):
    name = f"test_login_{uuid.uuid4().hex[:8]}"
    yield name
    with admin_connect(tenantdb.backend, module_db) as su:
        if su.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            drop_login(su, name)


@pytest.mark.parametrize("group", GROUP_ROLES)
def test_the_harness_connects_to_each_group_through_its_own_login(tenantdb, module_db, group):
    with tenantdb.connect(module_db, role=group) as conn:
        user, inherits, can_set = conn.execute(
            "SELECT current_user, pg_has_role(current_user, %s, 'USAGE'), pg_has_role(current_user, %s, 'SET')",
            (group, group)).fetchone()
    assert (user, inherits, can_set) == (harness_login(group), True, False)


def test_role_add_list_drop(tenantdb, module_db, login_name):
    proc = cli("role", "add", login_name, "--as", "service", "--password-stdin", "--lock-timeout", "3s",
               "--db", module_db, "--json", stdin="a-long-enough-secret\n")
    assert proc.returncode == 0, proc.stderr
    made = json.loads(proc.stdout)
    assert made["group"] == SERVICE_ROLE and made["can_login"] and not made["bypass_rls"]
    assert made["has_password"] and not made["can_set_role_to_group"]
    assert made["settings"] == {"statement_timeout": "5s", "lock_timeout": "3s",
                                "idle_in_transaction_session_timeout": "10s"}
    with admin_connect(tenantdb.backend, module_db) as su:
        stored = su.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (login_name,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "a-long-enough-secret" not in stored

    listed = json.loads(cli("role", "list", "--db", module_db, "--json").stdout)
    assert login_name in {r["name"] for r in listed}
    assert {harness_login(g) for g in GROUP_ROLES} <= {r["name"] for r in listed}

    declined = cli("role", "drop", login_name, "--db", module_db, stdin="\n")
    assert declined.returncode == 1 and "nothing dropped" in declined.stdout
    dropped = cli("role", "drop", login_name, "--db", module_db, "--yes", "--json")
    assert dropped.returncode == 0, dropped.stderr
    assert json.loads(dropped.stdout)["dropped"] == login_name


def test_a_maintenance_login_bypasses_rls_and_a_client_login_does_not(tenantdb, module_db, login_name):
    proc = cli("role", "add", login_name, "--as", "maintenance", "--no-password", "--db", module_db, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["bypass_rls"] is True
    with tenantdb.connect(module_db, role=login_name) as conn:
        assert conn.execute("SELECT pg_has_role(current_user, %s, 'USAGE')", (MAINTENANCE_ROLE,)).fetchone()[0]


@pytest.mark.parametrize("args, message", [
    (["--as", "app"], "--password-stdin or --no-password"),
    (["--as", "root", "--no-password"], "unknown login kind"),
    (["--as", "app", "--no-password", "--statement-timeout", "forever"], "is not a duration"),
    (["--as", "app", "--no-password", "--tenant", A.id], "--tenant applies only"),
])
def test_role_add_bad_usage_exits_2_with_a_hint(module_db, login_name, args, message):
    proc = run_main("role", "add", login_name, *args, "--db", module_db)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr


@pytest.mark.parametrize("name", ["tenantdb_app", "pg_monitor", "postgres", "Bad-Name"])
def test_role_add_refuses_reserved_and_malformed_names(module_db, name):
    proc = run_main("role", "add", name, "--as", "app", "--no-password", "--db", module_db)
    assert proc.returncode == 2, proc.stderr


def test_role_add_refuses_a_short_password(module_db, login_name):
    proc = run_main("role", "add", login_name, "--as", "app", "--password-stdin", "--db", module_db, stdin="short\n")
    assert proc.returncode == 2 and "shorter than 12" in proc.stderr


def test_role_drop_refuses_a_group(module_db):
    proc = run_main("role", "drop", APP_ROLE, "--yes", "--db", module_db)
    assert proc.returncode == 2


@pytest.mark.parametrize("command", [["role"], ["role", "add"], ["role", "list"], ["role", "drop"], ["guard"]],
                         ids=" ".join)
def test_role_and_guard_commands_have_help_with_an_example(command):
    assert "Example" in help_text(*command)


def test_guard_once_json_reports_one_pass(module_db):
    proc = cli("guard", "--once", "--json", "--dry-run", "--db", module_db)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["dry_run"] is True and result["actions"] == [] and result["pass_ms"] >= 0


def test_guard_rejects_a_bad_limit():
    proc = run_main("guard", "--once", "--interval", "0")
    assert proc.returncode == 2
