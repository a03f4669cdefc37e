"""Per-tenant limits (noisy neighbours): a limited tenant's slow statement is cancelled, another
tenant's is not, and the limit ends with the transaction (nothing leaks to the next borrower)."""

from __future__ import annotations

import time

import psycopg
import pytest

from tenantdb.context import tenant_transaction
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import MAINTENANCE_ROLE, SERVICE_ROLE

A, B = (t.id for t in DEMO_TENANTS)


@pytest.fixture(scope="module")
def limited_db(tenantdb, seeded_db):
    """Tenant A on a tier with a 200 ms statement and a 400 ms idle-in-transaction timeout."""
    with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        conn.execute("INSERT INTO app_private.tenant_tiers (name, statement_timeout_ms, idle_in_transaction_timeout_ms, note)"
                     " VALUES ('test_tiny', 200, 400, 'test tier') ON CONFLICT DO NOTHING")
        conn.execute("INSERT INTO app_private.tenant_limits (tenant_id, tier) VALUES (%s, 'test_tiny')"
                     " ON CONFLICT (tenant_id) DO UPDATE SET tier = EXCLUDED.tier", (A,))
    return seeded_db


def test_a_limited_tenants_slow_statement_is_cancelled(tenantdb, limited_db):
    with tenantdb.connect(limited_db, role=SERVICE_ROLE, autocommit=True) as conn, \
            pytest.raises(psycopg.errors.QueryCanceled), tenant_transaction(conn, A) as cur:
        cur.execute("SELECT pg_sleep(0.6)")


def test_another_tenants_slow_statement_runs(tenantdb, limited_db):
    with tenantdb.connect(limited_db, role=SERVICE_ROLE, autocommit=True) as conn, tenant_transaction(conn, B) as cur:
        cur.execute("SELECT pg_sleep(0.6), current_setting('statement_timeout')")
        assert cur.fetchone()[1] == "0"


def test_the_limit_ends_with_the_transaction(tenantdb, limited_db):
    with tenantdb.connect(limited_db, role=SERVICE_ROLE, autocommit=True) as conn:
        with tenant_transaction(conn, A) as cur:
            cur.execute("SELECT current_setting('statement_timeout'), app.apply_tenant_limits()")
            assert cur.fetchone() == ("200ms", "test_tiny")
        assert conn.execute("SELECT current_setting('statement_timeout')").fetchone()[0] == "0"
        conn.execute("SELECT pg_sleep(0.3)")  # the next borrower is not limited


def test_an_idle_transaction_of_a_limited_tenant_is_ended(tenantdb, limited_db):
    conn = tenantdb.connect(limited_db, role=SERVICE_ROLE, autocommit=True)
    try:
        with pytest.raises((psycopg.errors.IdleInTransactionSessionTimeout, psycopg.OperationalError)), \
                tenant_transaction(conn, A) as cur:
            time.sleep(1.0)  # the client holds the transaction open and does nothing
            cur.execute("SELECT 1")
    finally:
        conn.close()


def test_the_limits_of_another_tenant_cannot_be_read_from_a_context(tenantdb, limited_db):
    """apply_tenant_limits(B) under A's context sees no tier of B (RLS): it changes nothing."""
    with tenantdb.connect(limited_db, role=MAINTENANCE_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s)", (B,))
        assert conn.execute("SELECT app_private.apply_tenant_limits(%s)", (A,)).fetchone()[0] is None
        assert conn.execute("SELECT current_setting('statement_timeout')").fetchone()[0] == "0"
