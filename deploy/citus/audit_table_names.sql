-- Deploy tenantdb:citus/audit_table_names to pg
-- On a Citus cluster only: audit rows name the distributed table, not the shard. The audit
-- trigger runs on the shard (on a worker), where its relation is the shard
-- (app.messages_103276, the root of a partition shard too), so app.audit_log.table_name said
-- 'app.messages_103276' (measured: an admin deleting messages) and every query looking for
-- 'app.messages' lost those rows. app_private.audited_table_name(relation), new, maps a shard to
-- its distributed table through Citus's metadata (pg_dist_shard, on every node) and anything
-- else to the root of its partition tree, as before; audit_row_change() calls it instead of the
-- expression partitions/audit_root_table put there (only that expression is replaced, as that
-- change did). Without the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    fn_definition text := pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::pg_catalog.regprocedure);
    table_name_expr CONSTANT text :=
        'coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID::pg_catalog.regclass)::pg_catalog.text';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/audit_table_names: no citus extension here, nothing to change';
        RETURN;
    END IF;
    IF pg_catalog.strpos(fn_definition, table_name_expr) = 0 THEN
        RAISE EXCEPTION 'app_private.audit_row_change() no longer names the table by %', table_name_expr;
    END IF;
    CREATE FUNCTION app_private.audited_table_name(relation pg_catalog.regclass)
    RETURNS text
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        root pg_catalog.regclass := coalesce(pg_catalog.pg_partition_root(relation), relation);
        shard bigint := pg_catalog.substring(root::text, '_([0-9]+)$')::bigint;
        distributed pg_catalog.regclass;
    BEGIN
        IF shard IS NOT NULL THEN
            SELECT s.logicalrelid INTO distributed FROM pg_catalog.pg_dist_shard s WHERE s.shardid = shard;
            IF distributed IS NOT NULL AND pg_catalog.shard_name(distributed, shard) = root::text THEN
                RETURN distributed::text;
            END IF;
        END IF;
        RETURN root::text;
    END
    $function$;
    COMMENT ON FUNCTION app_private.audited_table_name(pg_catalog.regclass) IS
        'Citus only (citus/audit_table_names): the table an audit row names for a trigger''s relation: the distributed table of a shard (by pg_dist_shard), else the root of the partition tree, schema-qualified.';
    REVOKE ALL ON FUNCTION app_private.audited_table_name(pg_catalog.regclass) FROM PUBLIC;
    EXECUTE pg_catalog.replace(fn_definition, table_name_expr, 'app_private.audited_table_name(TG_RELID)');
END
$citus$;

COMMIT;
