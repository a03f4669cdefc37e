-- Revert tenantdb:partitions/retention_by_partition from pg
BEGIN;

DROP FUNCTION app_private.drop_history_partition(regclass);

COMMIT;
