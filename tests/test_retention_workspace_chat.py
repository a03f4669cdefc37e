"""Chat retention per workspace: messages of a conversation that belongs to a workspace expire
after that workspace's chat_history_days; without one (no workspace, or a workspace that sets
none) the tenant's applies. Another tenant and other conversations are untouched."""

from __future__ import annotations

from tenantdb import retention
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.chat_workspaces import attached
from tenantdb.settings import MAINTENANCE_ROLE

A, B = DEMO_TENANTS

SET_POLICY = (
    "INSERT INTO app.retention_policies (tenant_id, workspace_id, chat_history_days, artifact_versions_to_keep)"
    " VALUES (%s, %s, %s, %s) ON CONFLICT ON CONSTRAINT retention_policies_scope_key"
    " DO UPDATE SET chat_history_days = excluded.chat_history_days")


def messages_per_conversation(conn, tenant: str) -> dict[str, int]:
    return {str(c): n for c, n in conn.execute(
        "SELECT conversation_id, count(*) FROM app.messages WHERE tenant_id = %s GROUP BY 1", (tenant,))}


def test_messages_follow_their_workspaces_chat_history_days_then_the_tenants(tenantdb):
    (conv_w, ws_w), (conv_f, ws_f) = attached(A)[:2]
    with tenantdb.clone_seeded("retention_ws_chat") as db:
        maint = tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE)
        with tenantdb.connect(db, autocommit=True) as conn:
            # The tenant keeps chat for 100 years; workspace W keeps it 1 day; workspace F sets
            # other limits but no chat_history_days (falls back to the tenant's).
            conn.execute(SET_POLICY, (A.id, None, 36500, None))
            conn.execute(SET_POLICY, (B.id, None, None, None))
            conn.execute(SET_POLICY, (A.id, ws_w, 1, None))
            conn.execute(SET_POLICY, (A.id, ws_f, None, 100000))
            before_a, before_b = messages_per_conversation(conn, A.id), messages_per_conversation(conn, B.id)
        assert before_a[conv_w] > 0 and before_a[conv_f] > 0

        dry = retention.run(maint, dry=True)
        [messages] = [t for t in dry["targets"] if t["table"] == "app.messages"]
        assert messages["per_tenant"] == {A.id: before_a[conv_w]}, "only workspace W's chat is due"

        retention.run(maint, batch_size=3)
        with tenantdb.connect(db, autocommit=True) as conn:
            after_a, after_b = messages_per_conversation(conn, A.id), messages_per_conversation(conn, B.id)
            archived = conn.execute(
                "SELECT count(*) FROM archive.archived_rows WHERE source_table = 'app.messages' AND tenant_id = %s"
                " AND row_data ->> 'conversation_id' = %s", (A.id, conv_w)).fetchone()[0]
        assert conv_w not in after_a and archived == before_a[conv_w]
        assert after_a == {c: n for c, n in before_a.items() if c != conv_w}
        assert after_b == before_b

        # The tenant's limit now applies to workspace F's conversation (its override sets none).
        with tenantdb.connect(db, autocommit=True) as conn:
            conn.execute(SET_POLICY, (A.id, None, 1, None))
        retention.run(maint)
        with tenantdb.connect(db, autocommit=True) as conn:
            assert conv_f not in messages_per_conversation(conn, A.id)
            assert messages_per_conversation(conn, B.id) == before_b


def test_a_workspace_override_can_keep_chat_longer_than_the_tenant(tenantdb):
    (conv_w, ws_w), *_ = attached(A)
    with tenantdb.clone_seeded("retention_ws_keep") as db:
        with tenantdb.connect(db, autocommit=True) as conn:
            conn.execute(SET_POLICY, (A.id, None, 1, None))
            conn.execute(SET_POLICY, (A.id, ws_w, 36500, None))
            before = messages_per_conversation(conn, A.id)
        retention.run(tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE))
        with tenantdb.connect(db, autocommit=True) as conn:
            after = messages_per_conversation(conn, A.id)
        assert after == {conv_w: before[conv_w]}, "only workspace W's conversation keeps its messages"
