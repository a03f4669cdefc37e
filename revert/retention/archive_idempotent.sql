-- Revert tenantdb:retention/archive_idempotent from pg
BEGIN;

REVOKE UPDATE (row_data, run_id, archived_at) ON archive.archived_rows FROM tenantdb_maintenance;
COMMENT ON TABLE archive.archived_rows IS
    'Rows removed by retention, as JSON, once each (the primary key rejects a second copy). Restore with jsonb_populate_record. Maintenance role only.';

COMMIT;
