-- Verify tenantdb:audit/audit_log on pg
BEGIN;

SELECT tenant_id, id, occurred_at, actor_user_id, actor_db_role, table_name, operation, row_key, old_values, new_values
FROM app.audit_log WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.audit_log'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_trigger
WHERE tgrelid = 'app.audit_log'::regclass AND tgname IN ('audit_log_append_only', 'audit_log_no_truncate') HAVING count(*) = 2;
SELECT 1 / (NOT has_table_privilege(r, 'app.audit_log', 'UPDATE, DELETE, TRUNCATE'))::int
FROM unnest(ARRAY['tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance']) AS r;

ROLLBACK;
