-- Verify tenantdb:security/explain_row_by_id on pg
-- The explainer reads the partition columns from the catalog and kept its settings and grants.
BEGIN;

SELECT 1 / (NOT prosecdef AND proconfig IS NOT NULL AND strpos(prosrc, 'pg_partitioned_table') > 0)::int
FROM pg_catalog.pg_proc WHERE oid = 'app_private.explain_row_access(regclass, text, name)'::regprocedure;
SELECT 1 / has_function_privilege('tenantdb_maintenance', 'app_private.explain_row_access(regclass, text, name)', 'EXECUTE')::int;
SELECT 1 / (NOT has_function_privilege('tenantdb_app', 'app_private.explain_row_access(regclass, text, name)', 'EXECUTE'))::int;

ROLLBACK;
