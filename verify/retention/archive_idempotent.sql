-- Verify tenantdb:retention/archive_idempotent on pg
BEGIN;

SELECT 1 / has_column_privilege('tenantdb_maintenance', 'archive.archived_rows', 'row_data', 'UPDATE')::int;

ROLLBACK;
