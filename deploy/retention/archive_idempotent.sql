-- Deploy tenantdb:retention/archive_idempotent to pg
-- Archiving a row that is already archived (the demo seed put it back, or it was restored from
-- the archive as docs/retention.md describes, and expired again) must not stop retention: the
-- run replaces the archived copy with the row as it was when it left its table
-- (INSERT ... ON CONFLICT (tenant_id, source_table, row_id) DO UPDATE). The maintenance role
-- may update exactly the columns that copy needs (deleting archived rows past their archive
-- period is retention/archive_purge's job, not this change's).
BEGIN;

GRANT UPDATE (row_data, run_id, archived_at) ON archive.archived_rows TO tenantdb_maintenance;
COMMENT ON TABLE archive.archived_rows IS
    'Rows removed by retention, as JSON, one copy per row (tenant, table, id): a row archived again after a restore or re-seed replaces its copy with the newer one. Restore with jsonb_populate_record. Maintenance role only.';

COMMIT;
