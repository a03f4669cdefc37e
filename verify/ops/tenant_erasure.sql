-- Verify tenantdb:ops/tenant_erasure on pg
BEGIN;

SELECT id, erased_tenant_id, erased_at, erased_by, rows_erased, other_tenants_checksum FROM archive.tenant_erasures WHERE false;
SELECT 1 / has_function_privilege('tenantdb_maintenance', 'app_private.erase_tenant_records(uuid)', 'EXECUTE')::int;
SELECT 1 / (NOT has_function_privilege('tenantdb_app', 'app_private.erase_tenant_records(uuid)', 'EXECUTE'))::int;
SELECT 1 / (NOT has_function_privilege('tenantdb_service', 'app_private.erase_tenant_records(uuid)', 'EXECUTE'))::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_maintenance', 'archive.tenant_erasures', 'DELETE'))::int;
-- The owner's erasure policy, or (since audit/eraser_role) the eraser role owning the function.
SELECT 1 / count(*)::int FROM (
    SELECT FROM pg_catalog.pg_policy WHERE polname = 'audit_log_delete_for_erasure'
    UNION ALL
    SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
    WHERE p.oid = 'app_private.erase_tenant_records(uuid)'::regprocedure AND r.rolname = 'tenantdb_audit_eraser') AS evidence;

ROLLBACK;
