-- Verify tenantdb:partitions/history_tables on pg
BEGIN;

SELECT 'app_private.copy_partition_guards(regclass)'::regprocedure,
       'app_private.copy_table_grants(regclass, regclass)'::regprocedure,
       'app_private.rebuild_history_table(regclass, name)'::regprocedure,
       'app_private.create_history_partitions(interval, timestamptz, regclass)'::regprocedure;
-- The maintenance role may create partitions; nobody else may.
SELECT 1 / has_function_privilege('tenantdb_maintenance', 'app_private.create_history_partitions(interval, timestamptz, regclass)', 'EXECUTE')::int;
SELECT 1 / (NOT has_function_privilege('tenantdb_app', 'app_private.create_history_partitions(interval, timestamptz, regclass)', 'EXECUTE'))::int;

ROLLBACK;
