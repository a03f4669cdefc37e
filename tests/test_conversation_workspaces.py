"""Conversations in a workspace: only the owner, as a member of the workspace, attaches one
(enforced by the database, trigger check_conversation_workspace); owners and admins detach;
the service role attaches only to a workspace the owner is a member of; deleting the workspace
keeps the conversation (workspace_id becomes NULL)."""

from __future__ import annotations

import psycopg
import pytest

from tenantdb.context import tenant_transaction
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.chat_workspaces import attached
from tenantdb.seeds.conversations import conversation_id
from tenantdb.seeds.identity import user_id
from tenantdb.seeds.workspaces import workspace_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

A, B = DEMO_TENANTS
STUDENT = user_id(A, "student", 1)
ADMIN = user_id(A, "admin", 1)
FREE_CONVERSATION = conversation_id(A, STUDENT, 0)  # the seed leaves it outside any workspace
CAPSTONE, STAFF_ROOM = workspace_id(A, 0), workspace_id(A, 2)  # student 1 is in Capstone, not in Staff room
ATTACH = "UPDATE app.conversations SET workspace_id = %s WHERE id = %s"


@pytest.fixture
def db(tenantdb):
    with tenantdb.clone_seeded("conv_ws") as name:
        yield name


def test_the_seed_puts_some_conversations_in_a_workspace(tenantdb, db):
    with tenantdb.connect(db, autocommit=True) as conn:
        rows = conn.execute("SELECT id::text, workspace_id::text FROM app.conversations"
                            " WHERE tenant_id = %s AND workspace_id IS NOT NULL ORDER BY 1", (A.id,)).fetchall()
    assert sorted(rows) == sorted(attached(A)) and len(rows) >= 2


def test_owner_attaches_own_conversation_to_a_workspace_they_are_member_of(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenant_transaction(conn, A.id, STUDENT) as cur:
        assert cur.execute(ATTACH, (CAPSTONE, FREE_CONVERSATION)).rowcount == 1


def test_owner_cannot_attach_to_a_workspace_they_are_not_member_of(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="is not a member"), \
            tenant_transaction(conn, A.id, STUDENT) as cur:
        cur.execute(ATTACH, (STAFF_ROOM, FREE_CONVERSATION))


def test_a_person_cannot_start_a_conversation_in_a_workspace_they_are_not_member_of(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="is not a member"), \
            tenant_transaction(conn, A.id, STUDENT) as cur:
        cur.execute("INSERT INTO app.conversations (tenant_id, user_id, title, workspace_id) VALUES (%s, %s, 'x', %s)",
                    (A.id, STUDENT, STAFF_ROOM))


def test_admin_cannot_attach_someone_elses_conversation_even_to_their_own_workspace(tenantdb, db):
    with tenantdb.connect(db, role=APP_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="only the owner"), \
            tenant_transaction(conn, A.id, ADMIN) as cur:
        cur.execute(ATTACH, (STAFF_ROOM, FREE_CONVERSATION))


def test_admin_may_detach_a_conversation(tenantdb, db):
    conv, _ = attached(A)[0]
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenant_transaction(conn, A.id, ADMIN) as cur:
        assert cur.execute(ATTACH, (None, conv)).rowcount == 1


def test_service_role_attaches_only_to_a_workspace_of_the_owner(tenantdb, db):
    with tenantdb.connect(db, role=SERVICE_ROLE) as conn:
        with tenant_transaction(conn, A.id) as cur:
            assert cur.execute(ATTACH, (CAPSTONE, FREE_CONVERSATION)).rowcount == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="is not a member"), tenant_transaction(conn, A.id) as cur:
            cur.execute(ATTACH, (STAFF_ROOM, FREE_CONVERSATION))


def test_a_workspace_of_another_tenant_is_refused(tenantdb, db):
    with tenantdb.connect(db, role=SERVICE_ROLE) as conn, pytest.raises((psycopg.errors.InsufficientPrivilege,
                                                                         psycopg.errors.ForeignKeyViolation)), \
            tenant_transaction(conn, A.id) as cur:
        cur.execute(ATTACH, (workspace_id(B, 0), FREE_CONVERSATION))


def test_deleting_the_workspace_keeps_the_conversation_without_workspace(tenantdb, db):
    conv, ws = attached(A)[0]
    with tenantdb.connect(db, autocommit=True) as conn:
        messages = conn.execute("SELECT count(*) FROM app.messages WHERE conversation_id = %s", (conv,)).fetchone()[0]
        conn.execute("DELETE FROM app.workspaces WHERE tenant_id = %s AND id = %s", (A.id, ws))
        row = conn.execute("SELECT tenant_id::text, workspace_id FROM app.conversations WHERE id = %s", (conv,)).fetchone()
        assert row == (A.id, None)
        assert conn.execute("SELECT count(*) FROM app.messages WHERE conversation_id = %s", (conv,)).fetchone()[0] == messages
