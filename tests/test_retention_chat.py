"""Chat history and AI interactions follow the tenant's retention policy: rows older than
chat_history_days / interactions_days are archived once and deleted, and another tenant's
rows are untouched."""

from __future__ import annotations

from tenantdb import retention
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import MAINTENANCE_ROLE

A, B = DEMO_TENANTS


def counts(conn, table: str) -> dict[str, int]:
    return {str(t): n for t, n in conn.execute(f"SELECT tenant_id, count(*) FROM {table} GROUP BY 1")}


def test_expired_messages_and_interactions_are_archived_for_that_tenant_only(tenantdb):
    with tenantdb.clone_seeded("retention_chat") as db:
        with tenantdb.connect(db, autocommit=True) as conn:
            conn.execute("UPDATE app.retention_policies SET chat_history_days = 30, interactions_days = 30"
                         " WHERE tenant_id = %s AND workspace_id IS NULL", (A.id,))
            conn.execute("UPDATE app.retention_policies SET chat_history_days = NULL, interactions_days = NULL"
                         " WHERE tenant_id = %s AND workspace_id IS NULL", (B.id,))
            before = {t: counts(conn, t) for t in ("app.messages", "app.interactions")}
            expired = {t: conn.execute(f"SELECT count(*) FROM {t} WHERE tenant_id = %s AND created_at < now() - interval '30 days'",
                                       (A.id,)).fetchone()[0] for t in before}
        assert all(expired.values()), f"the demo data should have old chat and interactions: {expired}"

        dry = retention.run(tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE), dry=True)
        planned = {t["table"]: t["rows"] for t in dry["targets"] if t["table"] in before}
        assert planned == expired, planned

        retention.run(tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE), batch_size=50)
        with tenantdb.connect(db, autocommit=True) as conn:
            for table in before:
                after = counts(conn, table)
                assert after.get(A.id, 0) == before[table][A.id] - expired[table], table
                assert after[B.id] == before[table][B.id], f"{table}: tenant {B.slug} lost rows"
                archived = conn.execute("SELECT count(*), count(DISTINCT row_id) FROM archive.archived_rows"
                                        " WHERE source_table = %s AND tenant_id = %s", (table, A.id)).fetchone()
                assert archived == (expired[table], expired[table]), f"{table}: archived {archived}"
