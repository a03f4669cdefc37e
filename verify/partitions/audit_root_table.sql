-- Verify tenantdb:partitions/audit_root_table on pg
BEGIN;

SELECT 1 / (strpos(pg_get_functiondef('app_private.audit_row_change()'::regprocedure), 'pg_partition_root(TG_RELID)') > 0)::int;

ROLLBACK;
