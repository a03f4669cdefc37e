"""tenant_session: the context is set per transaction by app.set_context(), rejected when
malformed, and gone for the next borrower of the connection, after a commit and after an
exception. A context left session-wide (SET without LOCAL) or replayed in a later transaction is
no context: queries fail with 42501, 0 of 80 transactions see or write a tenant's rows."""

from __future__ import annotations

import psycopg
import pytest

from tenantdb.context import open_pool, parse_id, tenant_session
from tenantdb.errors import BadInput
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

A, B = DEMO_TENANTS[0], DEMO_TENANTS[1]


@pytest.fixture(scope="module")
def seeded(tenantdb):
    with tenantdb.clone_seeded("context") as db:
        yield db


@pytest.mark.parametrize("bad", ["garbage", "", "{11111111-1111-4111-8111-111111111111}",
                                 "111111111111411181111111111111111", "urn:uuid:11111111-1111-4111-8111-111111111111"])
def test_malformed_tenant_ids_are_rejected_not_normalised(bad):
    with pytest.raises(BadInput):
        parse_id(bad, "tenant id")


def test_context_does_not_leak_to_the_next_borrower(tenantdb, seeded):
    with open_pool(tenantdb.backend.conninfo(seeded, APP_ROLE), min_size=1, max_size=1) as pool:
        with tenant_session(pool, A.id) as cur:
            assert cur.execute("SELECT app.current_tenant_id()").fetchone()[0] is not None
        with pool.connection() as conn:
            assert conn.execute("SELECT current_setting('app.tenant_id', true)").fetchone()[0] in ("", None)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no tenant context"):
                conn.execute("SELECT count(*) FROM app.users")
            conn.rollback()

        with pytest.raises(ZeroDivisionError), tenant_session(pool, B.id) as cur:
            cur.execute("SELECT 1")
            raise ZeroDivisionError
        with pool.connection() as conn:
            assert conn.execute("SELECT current_setting('app.tenant_id', true)").fetchone()[0] in ("", None)


def test_service_role_sees_exactly_its_tenant(tenantdb, seeded):
    with tenantdb.connect(seeded, role=SERVICE_ROLE, autocommit=True) as conn, tenant_session(conn, B.id) as cur:
        tenants = {r[0] for r in cur.execute("SELECT DISTINCT tenant_id::text FROM app.users")}
    assert tenants == {B.id}


def _bleed(conn: psycopg.Connection, tenant: str, rounds: int) -> tuple[int, int]:
    """(transactions that saw rows, INSERTs that landed) among `rounds` context-less transactions."""
    saw = landed = 0
    for i in range(rounds):
        try:
            with conn.transaction():
                saw += conn.execute("SELECT count(*) FROM app.users").fetchone()[0] > 0
        except psycopg.errors.InsufficientPrivilege:
            pass
        try:
            with conn.transaction():
                conn.execute("INSERT INTO app.concepts (tenant_id, name) VALUES (%s, %s)", (tenant, f"bleed {i}"))
                landed += 1
        except psycopg.errors.InsufficientPrivilege:
            pass
    return saw, landed


def test_session_level_set_is_no_context_0_of_80(tenantdb, seeded):
    """The PgBouncer leak of issue 14: one client SETs the context session-wide (no LOCAL), even
    copying a whole valid bundle (ids and stamp) into session settings; the next 80 context-less
    transactions on that server connection see nothing and write nothing."""
    admin = user_id(A, "admin", 1)
    with psycopg.connect(tenantdb.backend.conninfo(seeded, APP_ROLE), autocommit=True) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false), set_config('app.user_id', %s, false)", (A.id, admin))
        first = _bleed(conn, A.id, 40)
        assert first == (0, 0)
        with conn.transaction():
            conn.execute("SELECT app.set_context(%s, %s)", (A.id, admin))
            conn.execute("SELECT set_config(name, current_setting(name), false) FROM unnest(ARRAY"
                         "['app.tenant_id', 'app.user_id', 'app.context_stamp']) AS name")
        second = _bleed(conn, A.id, 40)
        print(f"session-level SET leak: {first[0] + second[0]}/80 transactions saw rows, "
              f"{first[1] + second[1]}/80 context-less INSERTs landed")
        assert second == (0, 0), "a whole bundle left session-wide must be stale"


def test_replay_in_the_next_transaction_is_no_context(tenantdb, seeded):
    admin = user_id(A, "admin", 1)
    with psycopg.connect(tenantdb.backend.conninfo(seeded, APP_ROLE), autocommit=True) as conn:
        with conn.transaction():
            conn.execute("SELECT app.set_context(%s, %s)", (A.id, admin))
            bundle = conn.execute("SELECT current_setting('app.tenant_id'), current_setting('app.user_id'),"
                                  " current_setting('app.context_stamp')").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another transaction"), conn.transaction():
            conn.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                         " set_config('app.context_stamp', %s, true)", bundle)
            conn.execute("SELECT count(*) FROM app.users")
