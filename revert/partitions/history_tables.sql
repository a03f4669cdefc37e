-- Revert tenantdb:partitions/history_tables from pg
BEGIN;

DROP FUNCTION app_private.rebuild_history_table(regclass, name);
DROP FUNCTION app_private.create_history_partitions(interval, timestamptz, regclass);
DROP FUNCTION app_private.copy_table_grants(regclass, regclass);
DROP FUNCTION app_private.copy_partition_guards(regclass);

COMMIT;
