-- Deploy tenantdb:partitions/retention_by_partition to pg
-- Retention drops whole expired partitions instead of deleting their rows one by one.
-- The maintenance role (`tenantdb retention run`) decides that a monthly partition is wholly
-- expired -- every row of every tenant in it past that tenant's (or workspace's) policy --
-- archives its rows into archive.archived_rows in one statement, and then, in the same
-- transaction, calls app_private.drop_history_partition(), which runs as the owner (only the
-- owner may drop a table):
--   * only a monthly partition of a partitioned table of schema app, never a DEFAULT partition,
--     and only of a table the calling login may DELETE from (so never app.audit_log);
--   * rows that other tables' foreign keys reference are deleted first, row by row, so the keys'
--     ON DELETE actions (conversation_artifacts: SET NULL) run as they would for a DELETE;
--   * then the partition is detached and dropped.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.drop_history_partition(part regclass)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    parent regclass;
    is_default boolean;
    fk record;
    referenced bigint := 0;
    n bigint;
BEGIN
    SELECT i.inhparent::regclass, pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
    INTO parent, is_default
    FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
    WHERE i.inhrelid = part AND c.relkind = 'r' AND pc.relkind = 'p' AND pc.relnamespace = 'app'::regnamespace;
    IF parent IS NULL THEN
        RAISE EXCEPTION '% is not a partition of a partitioned table of schema app', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF is_default THEN
        RAISE EXCEPTION '% is the default partition of %: it is never dropped', part, parent
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Rows of the default partition expire row by row (tenantdb retention run).';
    END IF;
    IF NOT pg_catalog.has_table_privilege(session_user, parent, 'DELETE') THEN
        RAISE EXCEPTION 'login % may not delete from %, so it may not drop its partition %', session_user, parent, part
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The owner reads and deletes past the partition's RLS, and without its statement guard
    -- (no tenant context here): the partition is dropped at the end of this function.
    EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', part);
    EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER tenant_context_required', part);
    FOR fk IN
        SELECT k.conrelid::regclass AS referencing,
               (SELECT pg_catalog.string_agg(pg_catalog.format('r.%I = p.%I', ra.attname, pa.attname), ' AND ')
                FROM unnest(k.conkey, k.confkey) x(r_att, p_att)
                JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.conrelid AND ra.attnum = x.r_att
                JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = x.p_att) AS join_on
        FROM pg_catalog.pg_constraint k
        WHERE k.contype = 'f' AND k.confrelid = parent AND k.conparentid = 0
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', fk.referencing);
        EXECUTE pg_catalog.format('DELETE FROM %s p WHERE EXISTS (SELECT FROM %s r WHERE %s)', part, fk.referencing, fk.join_on);
        GET DIAGNOSTICS n = ROW_COUNT;
        referenced := referenced + n;
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', fk.referencing);
    END LOOP;
    EXECUTE pg_catalog.format('SELECT count(*) FROM %s', part) INTO n;
    EXECUTE pg_catalog.format('ALTER TABLE %s DETACH PARTITION %s', parent, part);
    EXECUTE pg_catalog.format('DROP TABLE %s', part);
    RETURN n + referenced;
END
$function$;
COMMENT ON FUNCTION app_private.drop_history_partition(regclass) IS
    'Retention by partition: detaches and drops a monthly partition of an app table the calling login may DELETE from (never a DEFAULT partition, never app.audit_log), after deleting the rows other tables reference (their ON DELETE actions run). Returns the rows it removed. The caller (tenantdb retention run, maintenance role) decides that every row is expired and archives them first, in the same transaction.';
REVOKE ALL ON FUNCTION app_private.drop_history_partition(regclass) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.drop_history_partition(regclass) TO tenantdb_maintenance;

COMMIT;
