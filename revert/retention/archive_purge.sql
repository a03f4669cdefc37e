-- Revert tenantdb:retention/archive_purge from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

REVOKE DELETE ON archive.archived_rows FROM tenantdb_maintenance;
DROP INDEX archive.archived_rows_tenant_archived_at_idx;
ALTER TABLE app.retention_policies DROP COLUMN archive_days;

COMMIT;
