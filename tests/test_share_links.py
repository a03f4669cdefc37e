"""Bearer links (issue 14): a conversation's share token alone resolves to its tenant and
conversation, without the reader setting a tenant first; the caller's own context is untouched;
revoked, replaced and guessed tokens show nothing, all alike."""

from __future__ import annotations

import secrets

import psycopg
import pytest

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.conversations import demo_share_token
from tenantdb.seeds.identity import user_id

A, B = DEMO_TENANTS
OPEN = "SELECT tenant_id::text, conversation_id::text, message_id FROM app.open_shared_conversation(%s)"


def shared_conversation(tenantdb, db, tenant) -> tuple[str, int]:
    with tenantdb.connect(db) as su:
        cid, n = su.execute(
            "SELECT c.id::text, (SELECT count(*) FROM app.messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id)"
            " FROM app.conversations c WHERE c.tenant_id = %s AND c.share_enabled", (tenant.id,)).fetchone()
    return cid, n


@pytest.mark.parametrize("role", ["tenantdb_app", "tenantdb_service"])
def test_a_share_token_alone_resolves_its_tenant_and_conversation(tenantdb, seeded_db, role):
    cid, n = shared_conversation(tenantdb, seeded_db, A)
    with tenantdb.connect(seeded_db, role=role, autocommit=True) as conn:
        rows = conn.execute(OPEN, (demo_share_token(A),)).fetchall()
    assert n > 0 and len(rows) == n
    assert {(r[0], r[1]) for r in rows} == {(A.id, cid)}


def test_the_callers_own_context_is_left_as_it_was(tenantdb, seeded_db):
    student_b = user_id(B, "student", 1)
    with tenantdb.connect(seeded_db, role="tenantdb_app") as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (B.id, student_b))
        rows = conn.execute(OPEN, (demo_share_token(A),)).fetchall()
        assert rows and {r[0] for r in rows} == {A.id}, "the link shows its own tenant's conversation"
        assert str(conn.execute("SELECT app.current_tenant_id()").fetchone()[0]) == B.id
        assert str(conn.execute("SELECT app.current_user_id()").fetchone()[0]) == student_b
        assert {str(r[0]) for r in conn.execute("SELECT DISTINCT tenant_id FROM app.conversations")} == {B.id}


def test_without_a_context_the_link_does_not_open_anything_else(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role="tenantdb_app", autocommit=True) as conn:
        conn.execute(OPEN, (demo_share_token(A),)).fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no tenant context"):
            conn.execute("SELECT count(*) FROM app.conversations")


def test_a_revoked_share_shows_nothing_and_a_new_token_replaces_the_old(tenantdb, seeded_db):
    cid, _ = shared_conversation(tenantdb, seeded_db, B)
    with tenantdb.connect(seeded_db, autocommit=True) as su, \
            tenantdb.connect(seeded_db, role="tenantdb_app", autocommit=True) as reader:
        su.execute("UPDATE app.conversations SET share_enabled = false WHERE tenant_id = %s AND id = %s", (B.id, cid))
        try:
            assert reader.execute(OPEN, (demo_share_token(B),)).fetchall() == []
        finally:
            su.execute("UPDATE app.conversations SET share_enabled = true WHERE tenant_id = %s AND id = %s", (B.id, cid))
        assert reader.execute(OPEN, (demo_share_token(B),)).fetchall() != []
        owner = su.execute("SELECT user_id::text FROM app.conversations WHERE tenant_id = %s AND id = %s", (B.id, cid)).fetchone()[0]
        with reader.transaction():
            reader.execute("SELECT app.set_context(%s, %s)", (B.id, owner))
            new_token = reader.execute("SELECT app.share_conversation(%s)", (cid,)).fetchone()[0]
        assert reader.execute(OPEN, (demo_share_token(B),)).fetchall() == [], "the replaced token is dead"
        assert {r[1] for r in reader.execute(OPEN, (new_token,))} == {cid}


def test_guessed_tokens_show_nothing(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role="tenantdb_app", autocommit=True) as conn:
        for guess in [secrets.token_hex(32) for _ in range(200)] + ["", "demo-share-", "x" * 10_000,
                                                                   demo_share_token(A).upper()]:
            assert conn.execute(OPEN, (guess,)).fetchall() == []


def test_the_link_registry_is_out_of_client_reach(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role="tenantdb_app", autocommit=True) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM app_private.conversation_share_links")
