"""Interference around RLS: what a client login could do to other logins' sessions and to other
tenants' availability (issue 15). Every attack connects as a client LOGIN made with
`tenantdb role add` (tenant A's admin context), never as a superuser; the victim is another login
serving tenant B. docs/security.md lists each attack with its defence and measured bound.

Figures (waits, guard reaction times) are printed, never asserted: run with -s to see them."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect
from tenantdb.guard import GuardLimits, run_once, watch
from tenantdb.roles import create_login, drop_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE

A, B = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
ADMIN_B = user_id(B, "admin", 1)
#: Short per-login bounds so the tests run quickly (production defaults: roles.CLIENT_DEFAULTS).
TEST_DEFAULTS = {"statement_timeout": "2s", "lock_timeout": "1s", "idle_in_transaction_session_timeout": "10s"}


@dataclass(frozen=True)
class Logins:
    attacker: str
    victim: str


@pytest.fixture(scope="module")
def logins(tenantdb, seeded_db) -> Iterator[Logins]:
    """Two app logins (cluster-wide roles, unique names, dropped afterwards)."""
    suffix = uuid.uuid4().hex[:8]
    names = Logins(f"itf_attacker_{suffix}", f"itf_victim_{suffix}")
    with admin_connect(tenantdb.backend, seeded_db) as su:
        for name in (names.attacker, names.victim):
            create_login(su, name, "app", defaults=TEST_DEFAULTS)
    try:
        yield names
    finally:
        with admin_connect(tenantdb.backend, seeded_db) as su:
            for name in (names.attacker, names.victim):
                drop_login(su, name)


@pytest.fixture
def attacker(tenantdb, seeded_db, logins) -> Iterator[psycopg.Connection]:
    with tenantdb.connect(seeded_db, role=logins.attacker, autocommit=True) as conn:
        yield conn


@pytest.fixture
def victim(tenantdb, seeded_db, logins) -> Iterator[psycopg.Connection]:
    with tenantdb.connect(seeded_db, role=logins.victim, autocommit=True) as conn:
        yield conn


@pytest.fixture
def guard_conn(tenantdb, seeded_db) -> Iterator[psycopg.Connection]:
    """The guard's connection: the harness's maintenance login."""
    with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        yield conn


def refused(conn: psycopg.Connection, statement: str, params: tuple = (), state: str = "42501") -> str:
    with pytest.raises(psycopg.Error) as info, tenant_transaction(conn, A.id, ADMIN_A) as cur:
        cur.execute(statement, params)
    assert info.value.sqlstate == state, f"{statement}: {info.value.sqlstate} {info.value}"
    return str(info.value)


def b_users(conn: psycopg.Connection) -> int:
    with tenant_transaction(conn, B.id, ADMIN_B) as cur:
        return cur.execute("SELECT count(*) FROM app.users").fetchone()[0]


def pid_of(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


# ------------------------------------------------------------------------- role defaults
@pytest.mark.parametrize("target", ["group_app", "group_service", "other_login"])
def test_alter_role_set_on_a_group_or_another_login_is_refused(attacker, logins, seeded_db, target):
    role = {"group_app": APP_ROLE, "group_service": SERVICE_ROLE, "other_login": logins.victim}[target]
    refused(attacker, f'ALTER ROLE "{role}" SET default_transaction_read_only = on')
    refused(attacker, f'ALTER ROLE "{role}" IN DATABASE "{seeded_db}" SET statement_timeout = 1')


def test_set_role_to_ones_own_group_is_refused(attacker):
    """The membership is WITH SET FALSE: a login never acts as its group (so never ALTERs it)."""
    refused(attacker, f"SET ROLE {APP_ROLE}")


def test_alter_role_self_reaches_only_the_logins_own_sessions(tenantdb, seeded_db, attacker, logins):
    attacker.execute("ALTER ROLE CURRENT_USER SET default_transaction_read_only = on")
    try:
        with tenantdb.connect(seeded_db, role=logins.victim, autocommit=True) as fresh_victim:
            assert fresh_victim.execute("SHOW default_transaction_read_only").fetchone()[0] == "off"
            assert b_users(fresh_victim) > 0
        with tenantdb.connect(seeded_db, role=APP_ROLE, autocommit=True) as harness:
            assert harness.execute("SHOW default_transaction_read_only").fetchone()[0] == "off"
        with tenantdb.connect(seeded_db, role=logins.attacker, autocommit=True) as fresh_attacker:
            assert fresh_attacker.execute("SHOW default_transaction_read_only").fetchone()[0] == "on"
    finally:
        attacker.execute("ALTER ROLE CURRENT_USER RESET default_transaction_read_only")


# ------------------------------------------------------------------------------ password
@pytest.mark.parametrize("target", ["group_app", "other_login"])
def test_password_change_of_another_login_or_the_group_is_refused(attacker, logins, target):
    role = APP_ROLE if target == "group_app" else logins.victim
    refused(attacker, f"ALTER ROLE \"{role}\" PASSWORD 'locked-out-123'")


# --------------------------------------------------------------------- backend signalling
@pytest.mark.parametrize("signal", ["pg_terminate_backend", "pg_cancel_backend"])
def test_signalling_another_logins_backend_is_refused(attacker, victim, signal):
    victim_pid = pid_of(victim)
    message = refused(attacker, f"SELECT {signal}(%s)", (victim_pid,))
    assert "permission denied" in message
    assert b_users(victim) > 0, "the victim's session is still alive and serving tenant B"


def test_signalling_the_harness_logins_backends_is_refused(tenantdb, seeded_db, attacker):
    with tenantdb.connect(seeded_db, role=APP_ROLE, autocommit=True) as same_group:
        refused(attacker, "SELECT pg_terminate_backend(%s)", (pid_of(same_group),))
        assert same_group.execute("SELECT 1").fetchone()[0] == 1


# ---------------------------------------------------------------------- activity text
def test_pg_stat_activity_hides_another_logins_query_text(attacker, victim):
    secret = f"tenant-b-secret-{uuid.uuid4().hex[:6]}"
    victim_pid = pid_of(victim)
    with tenant_transaction(victim, B.id, ADMIN_B) as cur:
        cur.execute(f"SELECT count(*) FROM app.users WHERE display_name <> '{secret}'")
        # The victim's transaction stays open (idle in transaction) while the attacker looks.
        row = attacker.execute(
            "SELECT query, state, xact_start, client_addr::text FROM pg_stat_activity WHERE pid = %s",
            (victim_pid,)).fetchone()
        everything = attacker.execute("SELECT string_agg(coalesce(query, ''), ' ') FROM pg_stat_activity").fetchone()[0]
    assert row is not None, "the session itself is listed (its login name is not a secret)"
    assert row[0] == "<insufficient privilege>" and row[1] is None and row[2] is None and row[3] is None
    assert secret not in everything and B.id not in everything


def test_pg_stat_activity_shows_a_login_its_own_sessions(tenantdb, seeded_db, attacker, logins):
    """The residual: a login sees its own sessions' text, so set the context with bound parameters."""
    with tenantdb.connect(seeded_db, role=logins.attacker, autocommit=True) as second:
        second.execute("SELECT 'own-literal'")
        query = attacker.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", (pid_of(second),)).fetchone()[0]
    assert query != "<insufficient privilege>"


# -------------------------------------------------------------------------------- locks
def test_lock_table_access_exclusive_blocks_another_tenant_at_most_its_lock_timeout(attacker, victim):
    """Without the guard, the victim's wait is bounded by its login's lock_timeout (1 s here)."""
    with tenant_transaction(attacker, A.id, ADMIN_A) as cur:
        cur.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        started = time.perf_counter()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            b_users(victim)
        print(f"\nvictim blocked {time.perf_counter() - started:.2f} s, then lock_timeout (1 s) ended its wait")


def test_lock_table_access_exclusive_is_ended_by_the_guard(attacker, victim, guard_conn, logins):
    attacker_pid = pid_of(attacker)
    with pytest.raises(psycopg.OperationalError), tenant_transaction(attacker, A.id, ADMIN_A) as cur:
        cur.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        actions = run_once(guard_conn, GuardLimits())
        assert [(a.pid, a.reason, a.action, a.done) for a in actions] == [
            (attacker_pid, "strong_lock", "terminate", True)]
        assert "AccessExclusiveLock on app.users" in actions[0].detail
        cur.execute("SELECT 1")  # the attacker's session is gone
    assert b_users(victim) > 0


def test_a_blocked_tenant_waits_at_most_about_one_guard_interval(seeded_db, tenantdb, attacker, victim):
    stop = threading.Event()
    interval = 0.2

    def run_guard() -> None:
        with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
            for _ in watch(conn, GuardLimits(), interval_s=interval, stop=stop.is_set):
                pass

    with pytest.raises(psycopg.OperationalError), tenant_transaction(attacker, A.id, ADMIN_A) as cur:
        cur.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(target=run_guard, daemon=True)
        started = time.perf_counter()
        thread.start()
        try:
            with tenant_transaction(victim, B.id, ADMIN_B) as vcur:
                vcur.execute("SET LOCAL lock_timeout = '10s'")
                count = vcur.execute("SELECT count(*) FROM app.users").fetchone()[0]
            waited = time.perf_counter() - started
        finally:
            stop.set()
            thread.join(timeout=10)
        cur.execute("SELECT 1")
    assert count > 0
    print(f"\nvictim served after {waited:.2f} s with the guard passing every {interval} s")


# ------------------------------------------------------------------ unbounded statements
def test_an_unbounded_statement_is_cancelled_by_the_logins_statement_timeout(attacker):
    started = time.perf_counter()
    refused(attacker, "SELECT pg_sleep(30)", state="57014")
    print(f"\npg_sleep(30) cancelled after {time.perf_counter() - started:.2f} s (login statement_timeout 2 s)")


def test_lifting_the_statement_timeout_does_not_escape_the_guard(seeded_db, tenantdb, attacker):
    stop = threading.Event()

    def run_guard() -> None:
        with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
            for _ in watch(conn, GuardLimits(statement_s=1.0), interval_s=0.2, stop=stop.is_set):
                pass

    thread = threading.Thread(target=run_guard, daemon=True)
    attacker.execute("SET statement_timeout = 0")
    thread.start()
    started = time.perf_counter()
    try:
        refused(attacker, "SELECT pg_sleep(30)", state="57014")
    finally:
        stop.set()
        thread.join(timeout=10)
    print(f"\nwith statement_timeout = 0, pg_sleep(30) cancelled by the guard after {time.perf_counter() - started:.2f} s "
          "(guard limit 1 s, pass every 0.2 s)")


def test_idle_in_transaction_with_the_timeout_lifted_is_ended_by_the_guard(attacker, guard_conn):
    attacker.execute("SET idle_in_transaction_session_timeout = 0")
    attacker_pid = pid_of(attacker)
    with pytest.raises(psycopg.OperationalError), tenant_transaction(attacker, A.id, ADMIN_A) as cur:
        cur.execute("SELECT count(*) FROM app.users")
        time.sleep(0.6)
        actions = run_once(guard_conn, GuardLimits(idle_in_transaction_s=0.5))
        assert [(a.pid, a.reason) for a in actions] == [(attacker_pid, "idle_in_transaction")]
        cur.execute("SELECT 1")


def test_an_idle_session_holding_an_advisory_lock_is_ended_by_the_guard(attacker, guard_conn):
    attacker_pid = pid_of(attacker)
    attacker.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (B.id,))
    time.sleep(0.6)
    actions = run_once(guard_conn, GuardLimits(idle_in_transaction_s=0.5))
    assert [(a.pid, a.reason) for a in actions] == [(attacker_pid, "idle_holding_advisory_lock")]
    with pytest.raises(psycopg.OperationalError):
        attacker.execute("SELECT 1")


def test_the_guard_leaves_well_behaved_and_privileged_sessions_alone(tenantdb, seeded_db, victim, guard_conn):
    with tenantdb.connect(seeded_db) as superuser, tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE) as maint:
        superuser.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        maint.execute("SELECT 1")
        time.sleep(0.3)
        b_users_idle = victim.execute("SELECT 1").fetchone()[0]
        actions = run_once(guard_conn, GuardLimits(idle_in_transaction_s=0.1))
        superuser.rollback()
        maint.rollback()
    assert actions == [] and b_users_idle == 1


def test_the_harness_sets_the_context_with_bound_parameters(tenantdb, seeded_db, logins, victim):
    """Within one login sessions see each other's text: the context must not be in it."""
    victim_pid = pid_of(victim)
    with tenant_transaction(victim, B.id, ADMIN_B), tenantdb.connect(seeded_db, role=logins.victim, autocommit=True) as same_login:
        query = same_login.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", (victim_pid,)).fetchone()[0]
    assert "app.set_context" in query and "$1" in query, query
    assert B.id not in query and ADMIN_B not in query
