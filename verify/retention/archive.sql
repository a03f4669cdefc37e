-- Verify tenantdb:retention/archive on pg
BEGIN;

SELECT table_name, retention_rule, policy_column, age_column, group_column, order_column, workspace_column, note
FROM archive.retention_targets WHERE false;
SELECT id, started_at, finished_at, run_state, rows_archived FROM archive.retention_runs WHERE false;
SELECT tenant_id, source_table, row_id, row_data, run_id, archived_at FROM archive.archived_rows WHERE false;
SELECT 1 / (NOT has_schema_privilege('tenantdb_app', 'archive', 'USAGE'))::int;
SELECT 1 / (NOT has_schema_privilege('tenantdb_service', 'archive', 'USAGE'))::int;

ROLLBACK;
