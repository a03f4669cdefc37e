-- Deploy tenantdb:partitions/audit_root_table to pg
-- app_private.audit_row_change() names the audited table by TG_TABLE_SCHEMA.TG_TABLE_NAME. Row
-- triggers of a partitioned table run as clones on its partitions, where that is the partition
-- (app.messages_p202611): audit rows, and every query that looks for 'app.messages', would lose
-- the table. The function now records the root of the partition tree (the table itself when it
-- is not a partition). The current definition is read from the catalog and only that expression
-- is replaced (the function has been redefined by several changes; a later one may have too).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $do$
DECLARE
    fn_definition text := pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::regprocedure);
    table_name_expr CONSTANT text := 'TG_TABLE_SCHEMA || ''.'' || TG_TABLE_NAME';
BEGIN
    IF pg_catalog.strpos(fn_definition, table_name_expr) = 0 THEN
        RAISE EXCEPTION 'app_private.audit_row_change() no longer names the table by %', table_name_expr;
    END IF;
    EXECUTE pg_catalog.replace(fn_definition, table_name_expr,
                               'coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID::pg_catalog.regclass)::pg_catalog.text');
END
$do$;

COMMIT;
