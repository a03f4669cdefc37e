"""Archived rows are purged once the tenant's archive period ends, audited once per tenant and
batch; a tenant without archive_days keeps its archive."""

from __future__ import annotations

from tenantdb.ops.archive_purge import purge
from tenantdb.retention import fill_sync_logs
from tenantdb.retention import run as run_retention
from tenantdb.seed import run_seed
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import MAINTENANCE_ROLE

A, B = (t.id for t in DEMO_TENANTS)


def test_purge_deletes_expired_archive_rows_of_tenants_with_an_archive_period(tenantdb, fresh_db):
    run_seed(tenantdb.backend, fresh_db)
    fill_sync_logs(tenantdb.backend.conninfo(fresh_db), 7)
    run_retention(tenantdb.backend.conninfo(fresh_db, role=MAINTENANCE_ROLE))
    with tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        before = dict(conn.execute("SELECT tenant_id::text, count(*) FROM archive.archived_rows GROUP BY 1").fetchall())
        assert before.get(A) and before.get(B)
        conn.execute("UPDATE app.retention_policies SET archive_days = 30 WHERE tenant_id = %s AND workspace_id IS NULL", (A,))
        conn.execute("UPDATE app.retention_policies SET archive_days = NULL WHERE tenant_id = %s", (B,))
        # pretend A's archive is 40 days old, except one row archived yesterday
        with tenantdb.connect(fresh_db) as su:  # the superuser ages the archive (nobody else may UPDATE it)
            su.execute("UPDATE archive.archived_rows SET archived_at = now() - interval '40 days' WHERE tenant_id = %s", (A,))
            su.execute("UPDATE archive.archived_rows SET archived_at = now() - interval '1 day'"
                       " WHERE (tenant_id, source_table, row_id) = (SELECT tenant_id, source_table, row_id"
                       " FROM archive.archived_rows WHERE tenant_id = %s LIMIT 1)", (A,))
            su.commit()
        dry = purge(conn, dry=True)
        assert dry["per_tenant"] == {A: before[A] - 1}
        result = purge(conn, batch_size=3)
        after = dict(conn.execute("SELECT tenant_id::text, count(*) FROM archive.archived_rows GROUP BY 1").fetchall())
        summaries = conn.execute("SELECT tenant_id::text, (new_values->>'purged')::int FROM app.audit_log"
                                 " WHERE table_name = 'archive.archived_rows' AND operation = 'RETENTION'").fetchall()
    assert result["rows"] == before[A] - 1 and result["batches"] == -(-(before[A] - 1) // 3)
    assert after == {A: 1, B: before[B]}
    assert {t for t, _ in summaries} == {A} and sum(n for _, n in summaries) == before[A] - 1
    assert len(summaries) == result["batches"]  # one summary per tenant and batch
