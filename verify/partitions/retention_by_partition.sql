-- Verify tenantdb:partitions/retention_by_partition on pg
BEGIN;

SELECT 1 / has_function_privilege('tenantdb_maintenance', 'app_private.drop_history_partition(regclass)', 'EXECUTE')::int;
SELECT 1 / (NOT has_function_privilege('tenantdb_service', 'app_private.drop_history_partition(regclass)', 'EXECUTE'))::int;
SELECT 1 / (SELECT prosecdef FROM pg_proc WHERE oid = 'app_private.drop_history_partition(regclass)'::regprocedure)::int;

ROLLBACK;
