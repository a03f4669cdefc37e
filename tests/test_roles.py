"""Group roles and per-service logins (issue 15): `tenantdb role add | list | drop`, the harness's
own logins, and the upgrade of a seeded v0.1.0 database to the NOLOGIN groups."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import psycopg
import pytest
from psycopg import sql

from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect, drop_database, ensure_database
from tenantdb.roles import drop_login
from tenantdb.seed import run_seed, table_checksums
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, GROUP_ROLES, MAINTENANCE_ROLE, SERVICE_ROLE, harness_login
from tenantdb.sqitch import run_sqitch

A, B = DEMO_TENANTS


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True,
                          timeout=120, input=stdin)


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
    proc = cli("role", "add", login_name, *args, "--db", module_db)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr


@pytest.mark.parametrize("name", ["tenantdb_app", "pg_monitor", "postgres", "Bad-Name"])
def test_role_add_refuses_reserved_and_malformed_names(module_db, name):
    proc = cli("role", "add", name, "--as", "app", "--no-password", "--db", module_db)
    assert proc.returncode == 2, proc.stderr


def test_role_add_refuses_a_short_password(module_db, login_name):
    proc = cli("role", "add", login_name, "--as", "app", "--password-stdin", "--db", module_db, stdin="short\n")
    assert proc.returncode == 2 and "shorter than 12" in proc.stderr


def test_role_drop_refuses_a_group(module_db):
    proc = cli("role", "drop", APP_ROLE, "--yes", "--db", module_db)
    assert proc.returncode == 2


def columns_of(conn: psycopg.Connection, table: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                                       " AND NOT attisdropped ORDER BY attnum", (f"app.{table}",))]


def rows_on_columns(conn: psycopg.Connection, table: str, cols: list[str]) -> tuple[int, str]:
    """(rows, md5 of the rows restricted to `cols`) of app.`table`."""
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(sql.Identifier(c) for c in cols))
    got = conn.execute(sql.SQL("SELECT count(*), coalesce(md5(string_agg({r}, E'\\n' ORDER BY {r})), '') FROM {t}").format(
        r=row, t=sql.Identifier("app", table))).fetchone()
    assert got is not None
    return got[0], got[1]


@pytest.mark.usefixtures("cluster_roles_lock")  # deploys @v0.1.0: cluster-wide role state
def test_upgrade_of_a_seeded_v0_1_0_database_keeps_every_row(tenantdb, request):
    name = tenantdb.new_name("upgrade_v010")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    try:
        deployed = run_sqitch(tenantdb.backend, "deploy", ["--to", "@v0.1.0"], dbname=name, capture=True)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        run_seed(tenantdb.backend, name)
        before = table_checksums(tenantdb.backend, name)
        with admin_connect(tenantdb.backend, name) as su:
            v010_columns = {t: columns_of(su, t) for t in before}
            before = {t: rows_on_columns(su, t, cols) for t, cols in v010_columns.items()}
        upgraded = run_sqitch(tenantdb.backend, "deploy", [], dbname=name, capture=True)
        assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
        assert "security/group_roles" in upgraded.stdout
        # Roles are cluster-wide (v0.1.0's core/roles re-asserts LOGIN when deployed anywhere in
        # the cluster), so NOLOGIN is checked right after a deploy of security/group_roles.
        with admin_connect(tenantdb.backend, name) as su:
            can_login = dict(su.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
                                        (list(GROUP_ROLES),)).fetchall())
        assert can_login == {role: False for role in GROUP_ROLES}
        group_conninfo = tenantdb.backend.conninfo(name, APP_ROLE).replace(harness_login(APP_ROLE), APP_ROLE)
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            psycopg.connect(group_conninfo)
        with admin_connect(tenantdb.backend, name) as su:
            # Compared on v0.1.0's columns: a column added later (archive_days, workspace_id) is
            # NULL in every kept row and must not count as a change.
            assert {t: rows_on_columns(su, t, cols) for t, cols in v010_columns.items()} == before
        with tenantdb.connect(name, role=APP_ROLE) as conn, tenant_transaction(conn, A.id, user_id(A, "admin", 1)) as cur:
            assert {r[0] for r in cur.execute("SELECT DISTINCT tenant_id::text FROM app.users")} == {A.id}
            # Unqualified client SQL compares emails case-insensitively (citext's operators
            # resolve through the search_path; a guard for a later move of the extensions).
            email = cur.execute("SELECT email::text FROM app.users LIMIT 1").fetchone()[0]
            upper = cur.execute(sql.SQL("SELECT count(*) FROM app.users WHERE email = {}").format(
                sql.Literal(email.upper()))).fetchone()[0]
            assert upper == 1
    finally:
        drop_database(tenantdb.backend, name)


@pytest.mark.parametrize("command", [["role"], ["role", "add"], ["role", "list"], ["role", "drop"], ["guard"]],
                         ids=" ".join)
def test_role_and_guard_commands_have_help_with_an_example(command):
    proc = cli(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout


def test_guard_once_json_reports_one_pass(module_db):
    proc = cli("guard", "--once", "--json", "--dry-run", "--db", module_db)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["dry_run"] is True and result["actions"] == [] and result["pass_ms"] >= 0


def test_guard_rejects_a_bad_limit():
    proc = cli("guard", "--once", "--interval", "0")
    assert proc.returncode == 2
