"""perf/bind_context_no_nested_calls (issue 13, session 6): bind_context() signs with the key read
once and the HMAC written out, and runs lookup_person_context()'s statement itself. Named tests for
what must not change: the stamp's fields are what lookup_person_context() resolves, its signature
is resolved_context_signature()'s to the byte (for app, service, superuser and client-token
sessions), a person of another tenant resolves to nothing, and a client session's signature is
still checked."""

from __future__ import annotations

import os

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys

A, B = DEMO_TENANTS
PEOPLE = {
    "student": user_id(A, "student", 1),
    "educator": user_id(A, "educator", 1),
    "coach": user_id(A, "coach", 1),
    "admin": user_id(A, "admin", 1),
}
KEYRING = TokenKeyring({"k-nested": os.urandom(32)}, "k-nested")
STAMP = "current_setting('app.context_stamp')"
#: The stamp as the landed functions make it (perf/learner_data_bounds_in_stamp's bind_context()):
#: binding, the lookup's six fields, the four bounds, resolved_context_signature() of all that.
EXPECTED_FIELDS_SQL = """
SELECT coalesce(l.person_role, '') || ':' || coalesce(l.learner_id::text, '') || ':' || l.course_ids::text
       || ':' || l.viewer_workspace_ids::text || ':' || l.editor_workspace_ids::text || ':' || l.owner_workspace_ids::text
       || ':' || coalesce(app_private.learner_data_bound(l.person_role, l.learner_id, 'learner_lo')::text, '')
       || ':' || coalesce(app_private.learner_data_bound(l.person_role, l.learner_id, 'learner_hi')::text, '')
       || ':' || coalesce(app_private.learner_data_bound(l.person_role, l.learner_id, 'key_hi')::text, '')
       || ':' || coalesce(app_private.learner_data_bound(l.person_role, l.learner_id, 'staff_own_key')::text, '')
FROM app_private.lookup_person_context() l
"""


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("bind_context_nested") as name:
        with admin_connect(tenantdb.backend, name) as admin:
            admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
            load_keys(admin, KEYRING)
        yield name


def landed_signature(tenantdb, db: str, tenant: str, person: str | None, stamp: str) -> str:
    """resolved_context_signature() of the stamp's unsigned part, computed by the superuser."""
    with tenantdb.connect(db) as su:
        return su.execute("SELECT app_private.resolved_context_signature(%s, %s, left(%s, -65))",
                          (tenant, person or "", stamp)).fetchone()[0]


@pytest.mark.parametrize("role", sorted(PEOPLE))
def test_a_superuser_context_carries_the_lookups_fields_and_the_landed_signature(tenantdb, db, role):
    with tenantdb.connect(db) as su:
        su.execute("SELECT app.set_context(%s, %s)", (A.id, PEOPLE[role]))
        stamp = su.execute(f"SELECT {STAMP}").fetchone()[0]
        expected = su.execute(EXPECTED_FIELDS_SQL).fetchone()[0]
        assert stamp.split(":")[2] == role
        assert ":".join(stamp.split(":")[2:-1]) == expected, "the stamp's fields are lookup_person_context()'s"
        assert stamp.split(":")[-1] == su.execute(
            "SELECT app_private.resolved_context_signature(%s, %s, left(%s, -65))",
            (A.id, PEOPLE[role], stamp)).fetchone()[0], "the signature is resolved_context_signature()'s"
        assert su.execute("SELECT app_private.context_signature_is_valid()").fetchone()[0]
        su.rollback()


@pytest.mark.parametrize(("login_role", "person"), [(APP_ROLE, PEOPLE["student"]), (APP_ROLE, PEOPLE["educator"]),
                                                     (SERVICE_ROLE, None)])
def test_an_app_or_service_context_is_signed_as_before(tenantdb, db, login_role, person):
    with tenantdb.connect(db, role=login_role) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, person))
        stamp = conn.execute(f"SELECT {STAMP}").fetchone()[0]
        conn.rollback()
    assert stamp.split(":")[-1] == landed_signature(tenantdb, db, str(A.id), person, stamp)
    if person is None:
        assert stamp.split(":")[2:-1] == ["", "", "{}", "{}", "{}", "{}", "", "", "", ""], "no person, nothing resolved"


def test_a_person_of_another_tenant_resolves_to_no_role_and_reads_nothing(tenantdb, db):
    outsider = user_id(B, "admin", 1)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, outsider))
        assert conn.execute(f"SELECT split_part({STAMP}, ':', 3)").fetchone()[0] == ""
        assert conn.execute("SELECT count(*) FROM app.users").fetchone()[0] == 0
        conn.rollback()


def test_a_malformed_tenant_id_is_still_rejected(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn, pytest.raises(psycopg.errors.InvalidTextRepresentation):
        conn.execute("SELECT app.set_context('not-a-uuid', %s)", (PEOPLE["student"],))


def test_a_client_token_context_is_signed_as_before_and_an_edit_is_still_caught(tenantdb, db):
    with client_login(tenantdb.backend, db, A.id, "nested") as login, \
            psycopg.connect(tenantdb.backend.conninfo(db, login)) as client:
        client.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, PEOPLE["student"]),))
        assert client.execute("SELECT count(*) FROM app.users").fetchone()[0] == 1
        stamp = client.execute(f"SELECT {STAMP}").fetchone()[0]
        assert stamp.split(":")[-1] == landed_signature(tenantdb, db, str(A.id), PEOPLE["student"], stamp)
        forged = stamp.split(":")
        forged[2] = "admin"
        client.execute("SELECT set_config('app.context_stamp', %s, true)", (":".join(forged),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            client.execute("SELECT count(*) FROM app.users")


# perf/set_context_limits_inline: set_context() applies the tier with apply_tenant_limits()'s
# statement written out.

def test_set_context_applies_the_tenants_tier_and_not_another_tenants(tenantdb, db):
    with tenantdb.connect(db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        conn.execute("INSERT INTO app_private.tenant_tiers (name, statement_timeout_ms, idle_in_transaction_timeout_ms, note)"
                     " VALUES ('test_inline', 1234, 5678, 'test tier') ON CONFLICT DO NOTHING")
        conn.execute("INSERT INTO app_private.tenant_limits (tenant_id, tier) VALUES (%s, 'test_inline')"
                     " ON CONFLICT (tenant_id) DO UPDATE SET tier = EXCLUDED.tier", (A.id,))
    timeouts = "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')"
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        defaults = conn.execute(timeouts).fetchone()
        conn.rollback()
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, PEOPLE["student"]))
        assert conn.execute(timeouts).fetchone() == ("1234ms", "5678ms")
        conn.rollback()
        assert conn.execute(timeouts).fetchone() == defaults, "the tier ends with the transaction"
        conn.rollback()
        conn.execute("SELECT app.set_context(%s, %s)", (B.id, user_id(B, "student", 1)))
        assert conn.execute(timeouts).fetchone() == defaults, "tenant B has no tier: nothing applied"
        conn.rollback()
    with tenantdb.connect(db, role=SERVICE_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s)", (A.id,))
        assert conn.execute(timeouts).fetchone() == ("1234ms", "5678ms")
        conn.rollback()
