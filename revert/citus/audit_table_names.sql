-- Revert tenantdb:citus/audit_table_names from pg
-- audit_row_change() names the root of the partition tree again (partitions/audit_root_table's
-- expression), and app_private.audited_table_name() is dropped; without the citus extension nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.replace(pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::pg_catalog.regprocedure),
                               'app_private.audited_table_name(TG_RELID)',
                               'coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID::pg_catalog.regclass)::pg_catalog.text');
    DROP FUNCTION app_private.audited_table_name(pg_catalog.regclass);
END
$citus$;

COMMIT;
