-- Revert tenantdb:partitions/audit_root_table from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $do$
DECLARE
    fn_definition text := pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::regprocedure);
BEGIN
    EXECUTE pg_catalog.replace(fn_definition,
                               'coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID::pg_catalog.regclass)::pg_catalog.text',
                               'TG_TABLE_SCHEMA || ''.'' || TG_TABLE_NAME');
END
$do$;

COMMIT;
