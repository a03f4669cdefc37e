"""tenantdb health / top / tenant usage: each check can fail, and says what to do."""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest

from cli_help import run_main
from tenantdb.database import admin_connect
from tenantdb.ops.health import (
    CONTEXT_SETTINGS,
    FUNCTION_OWNER_ROLES,
    check_context_library,
    check_lookup_operators,
    check_plan,
    check_rls,
    check_roles,
    health,
    top,
    usage,
)
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from tenantdb.sqitch import plan_changes

#: Runs `sqitch verify` (restore, health): not while another test changes cluster-wide role state.
pytestmark = pytest.mark.usefixtures("cluster_roles_stable")


A, B = (t.id for t in DEMO_TENANTS)


def test_health_of_a_deployed_database_is_ok(tenantdb, seeded_db):
    with admin_connect(tenantdb.backend, seeded_db) as conn:
        checks = health(conn, planned=plan_changes(), verify_exit=0, data_dir=None)
    assert [c.name for c in checks if c.status == "fail"] == []
    assert {c.name for c in checks} >= {"server", "plan deployed", "RLS forced", "roles safe", "long transactions",
                                        "locks", "connections", "disk"}


def test_health_warns_when_the_lookup_operators_lost_their_leakproof_flag(tenantdb, fresh_db):
    """What a restore made by hand with pg_restore leaves (the flag is not in the dump): a warning
    naming the function and the script to run, not a silent slowdown."""
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        assert check_lookup_operators(conn).status == "ok"
        conn.execute("ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) NOT LEAKPROOF")
        check = check_lookup_operators(conn)
    assert check.status == "warn" and check.detail.startswith("jsonb_contains not LEAKPROOF"), check
    assert "deploy/perf/leakproof_lookup_operators.sql" in check.fix


def test_health_finds_the_library_build_that_watches_the_context_settings(tenantdb, seeded_db):
    """The server's tenantdb_context is this repository's build: it defines the three settings
    (an older build, which compares at every accessor call, does not, and gets a warning naming
    the rebuild)."""
    with admin_connect(tenantdb.backend, seeded_db) as conn:
        check = check_context_library(conn)
        described = dict(conn.execute("SELECT name, short_desc FROM pg_settings WHERE name = ANY(%s)",
                                      (list(CONTEXT_SETTINGS),)).fetchall())
    assert check.status == "ok" and "one comparison per change" in check.detail, check
    assert sorted(described) == sorted(CONTEXT_SETTINGS) and all("app.set_context()" in d for d in described.values())


def test_health_fails_on_a_table_without_forced_rls(tenantdb, fresh_db):
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        conn.execute("ALTER TABLE app.messages NO FORCE ROW LEVEL SECURITY")
        check = check_rls(conn)
    assert check.status == "fail" and "app.messages" in check.detail and check.fix


def test_health_fails_on_an_undeployed_change(tenantdb, fresh_db):
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        checks = health(conn, planned=[*plan_changes(), "ops/not_yet"], verify_exit=None, data_dir=None)
    plan = next(c for c in checks if c.name == "plan deployed")
    assert plan.status == "fail" and "ops/not_yet" in plan.detail and "tenantdb deploy" in plan.fix


def test_health_counts_a_reworked_change_once_per_instance(tenantdb, fresh_db):
    """The registry records both instances of a reworked change under one name: a database with
    the first deployed and the newest not (a @v0.2.0 database before its upgrade) is not fully
    deployed, and the next change named is the newest instance."""
    reworked = [c for c in plan_changes() if "@" in c]
    assert "perf/learner_data_bounds_in_stamp@v0.2.0" in reworked, reworked
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        assert check_plan(conn, plan_changes(), None).status == "ok"
        # What `sqitch revert --to @v0.2.0` leaves in the registry (the schema does not matter here).
        conn.execute("DELETE FROM sqitch.changes WHERE change = 'perf/learner_data_bounds_in_stamp'"
                     " AND committed_at = (SELECT max(committed_at) FROM sqitch.changes"
                     " WHERE change = 'perf/learner_data_bounds_in_stamp')")
        check = check_plan(conn, plan_changes(), None)
        conn.rollback()
    assert check.status == "fail" and check.detail.endswith("next: perf/learner_data_bounds_in_stamp"), check


def test_health_flags_a_client_role_that_bypasses_rls(tenantdb, fresh_db):
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        assert check_roles(conn).status == "ok"
        with conn.transaction(force_rollback=True):  # role attributes are cluster-wide: never committed
            conn.execute(f"ALTER ROLE {SERVICE_ROLE} BYPASSRLS")
            check = check_roles(conn)
    assert check.status == "fail" and SERVICE_ROLE in check.detail


@pytest.mark.parametrize("role", FUNCTION_OWNER_ROLES)
def test_health_flags_a_bypassrls_function_owner_that_can_log_in(tenantdb, fresh_db, role):
    """The audit eraser and the learner-data keeper may bypass RLS only because nobody can log in
    as them: given LOGIN, each is flagged."""
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        assert check_roles(conn).status == "ok"
        with conn.transaction(force_rollback=True):  # role attributes are cluster-wide: never committed
            conn.execute(f"ALTER ROLE {role} LOGIN")
            check = check_roles(conn)
    assert check.status == "fail" and f"{role}: bypasses RLS" in check.detail


def test_health_reports_a_long_transaction_and_a_blocked_session(tenantdb, fresh_db):
    from tenantdb.ops.health import check_locks, check_long_transactions

    holder = tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE)
    waiter = tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True)
    try:
        holder.execute("LOCK TABLE app.tenants IN ACCESS EXCLUSIVE MODE")
        waiter.execute("SET statement_timeout = '3s'")
        thread_error: list[Exception] = []
        import threading

        def wait() -> None:
            try:
                waiter.execute("SELECT count(*) FROM app.tenants")
            except psycopg.Error as exc:
                thread_error.append(exc)
        t = threading.Thread(target=wait)
        t.start()
        import time
        time.sleep(1.2)
        with admin_connect(tenantdb.backend, fresh_db) as conn:
            locks = check_locks(conn)
            long = check_long_transactions(conn, 1)
        t.join()
    finally:
        holder.close()
        waiter.close()
    assert locks.status == "warn" and "waits for" in locks.detail
    assert long.status == "warn" and "open longer than 1 s" in long.detail


def test_top_lists_statements_over_the_threshold(tenantdb, seeded_db):
    with admin_connect(tenantdb.backend, seeded_db) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.execute("SELECT pg_sleep(0.03)")
        rows = top(conn, threshold_ms=10, limit=50)
    slow = [r for r in rows if "pg_sleep" in r["query"]]
    assert slow and slow[0]["mean_ms"] >= 25 and slow[0]["calls"] >= 1 and "p95_est_ms" in slow[0]


def test_tenant_usage_is_for_the_maintenance_role_only(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE) as conn:
        rows = usage(conn, limit=10)
    assert {r["tenant_id"] for r in rows} == {A, B}
    users = [r for r in rows if r["table"] == "app.users"]
    assert all(r["rows"] > 0 and r["bytes"] > 0 for r in users)
    assert rows[0]["tenant_bytes"] >= rows[-1]["tenant_bytes"]  # largest tenants first
    for role in (APP_ROLE, SERVICE_ROLE):
        with tenantdb.connect(seeded_db, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM app_private.tenant_usage")


def test_cli_health_json_and_top_threshold_parsing(tenantdb, seeded_db):
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "health", "--db", seeded_db, "--json"],
                          capture_output=True, text=True, timeout=120)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["ok"], proc.stdout + proc.stderr
    bad = run_main("top", "--threshold", "fast")
    assert bad.returncode == 2 and "10ms" in bad.stderr
