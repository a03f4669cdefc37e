-- Verify tenantdb:audit/eraser_role on pg
BEGIN;

SELECT 1 / (NOT has_table_privilege('tenantdb_owner', 'app.audit_log', 'UPDATE'))::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_owner', 'app.audit_log', 'DELETE'))::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_owner', 'app.audit_log', 'TRUNCATE'))::int;
SELECT 1 / has_table_privilege('tenantdb_audit_eraser', 'app.audit_log', 'DELETE')::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_audit_eraser', 'app.audit_log', 'UPDATE'))::int;
SELECT 1 / (NOT rolcanlogin)::int FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_audit_eraser';
SELECT 1 / (p.proowner = 'tenantdb_audit_eraser'::regrole)::int
FROM pg_catalog.pg_proc p WHERE p.oid = 'app_private.erase_tenant_records(uuid)'::regprocedure;
SELECT 1 / has_function_privilege('tenantdb_maintenance', 'app_private.erase_tenant_records(uuid)', 'EXECUTE')::int;

ROLLBACK;
