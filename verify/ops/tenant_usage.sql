-- Verify tenantdb:ops/tenant_usage on pg
BEGIN;

SELECT tenant_id, tenant_slug, table_name, row_count, row_bytes, tenant_bytes FROM app_private.tenant_usage WHERE false;
SELECT 1 / has_table_privilege('tenantdb_maintenance', 'app_private.tenant_usage', 'SELECT')::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_app', 'app_private.tenant_usage', 'SELECT'))::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_service', 'app_private.tenant_usage', 'SELECT'))::int;

ROLLBACK;
