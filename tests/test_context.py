"""tenant_session: the context is set per transaction, rejected when malformed, and gone for
the next borrower of the connection, after a commit and after an exception."""

from __future__ import annotations

import pytest

from tenantdb.context import open_pool, parse_id, tenant_session
from tenantdb.errors import BadInput
from tenantdb.seeds import DEMO_TENANTS
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
            assert conn.execute("SELECT count(*) FROM app.users").fetchone()[0] == 0

        with pytest.raises(ZeroDivisionError):
            with tenant_session(pool, B.id) as cur:
                cur.execute("SELECT 1")
                raise ZeroDivisionError
        with pool.connection() as conn:
            assert conn.execute("SELECT current_setting('app.tenant_id', true)").fetchone()[0] in ("", None)


def test_service_role_sees_exactly_its_tenant(tenantdb, seeded):
    with tenantdb.connect(seeded, role=SERVICE_ROLE, autocommit=True) as conn:
        with tenant_session(conn, B.id) as cur:
            tenants = {r[0] for r in cur.execute("SELECT DISTINCT tenant_id::text FROM app.users")}
    assert tenants == {B.id}
