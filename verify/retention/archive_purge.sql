-- Verify tenantdb:retention/archive_purge on pg
BEGIN;

SELECT archive_days FROM app.retention_policies WHERE false;
SELECT 1 / has_table_privilege('tenantdb_maintenance', 'archive.archived_rows', 'DELETE')::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_service', 'archive.archived_rows', 'DELETE'))::int;

ROLLBACK;
