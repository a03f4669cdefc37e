-- Deploy tenantdb:partitions/history_tables to pg
-- The machinery of time-partitioned history tables (issue 20), read from the catalog so that it
-- copies whatever policies, grants, triggers and comments the table has when it runs (changes
-- placed before this one may have rewritten them):
--   * app_private.copy_partition_guards(partition): a partition gets its parent's forced RLS,
--     every policy, the table and column grants, the statement triggers (row triggers and
--     indexes PostgreSQL clones itself) and the comments. Idempotent.
--   * app_private.create_history_partitions(ahead, since): the ONLY way partitions are made:
--     monthly ranges (UTC) of every RANGE-partitioned table of schema app, from the month of
--     `since` (default: now) to now() + ahead, plus the DEFAULT partition <table>_default that
--     keeps a write outside every month from failing (a month whose rows already sit in the
--     default partition is skipped with a WARNING: they expire row by row); each new partition passes
--     copy_partition_guards before the function returns. Maintenance role (`tenantdb
--     partitions`).
--   * app_private.rebuild_history_table(table, column): deploy/revert helper that rebuilds a
--     table partitioned by month on `column` (or, with NULL, as a plain table again), keeping
--     every row, column, default, check, key, index, foreign key, policy, trigger, grant and
--     comment; keys get the partition column appended (PostgreSQL requires it in every unique
--     key of a partitioned table) and lose it again on the way back. Views, SQL-standard
--     functions and other tables' policies that read the table are re-created as they were.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.copy_partition_guards(part regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    parent regclass;
    r record;
    bound text;
BEGIN
    SELECT i.inhparent::regclass INTO parent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = part;
    IF parent IS NULL THEN
        RAISE EXCEPTION '% is not a partition', part USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = parent) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', part);
    END IF;
    IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = parent) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', part);
    END IF;
    -- Policies: every policy of the parent, same name, kind, command, roles and expressions.
    FOR r IN
        SELECT p.polname, p.polpermissive, p.polcmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
               (SELECT pg_catalog.string_agg(CASE WHEN x.rid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(a.rolname) END, ', ' ORDER BY x.ord)
                FROM unnest(p.polroles) WITH ORDINALITY x(rid, ord) LEFT JOIN pg_catalog.pg_roles a ON a.oid = x.rid) AS roles,
               pg_catalog.obj_description(p.oid, 'pg_policy') AS note
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = parent
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_policy q WHERE q.polrelid = part AND q.polname = p.polname)
        ORDER BY p.polname
    LOOP
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', r.polname, part,
            CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            r.roles,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', r.polname, part, r.note);
    END LOOP;
    -- Grants: the parent's table privileges and column privileges, grantee by grantee.
    PERFORM app_private.copy_table_grants(parent, part);
    -- Statement triggers are not cloned by PostgreSQL (row triggers are): copy them.
    FOR r IN
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, pg_catalog.obj_description(t.oid, 'pg_trigger') AS note
        FROM pg_catalog.pg_trigger t
        WHERE t.tgrelid = parent AND NOT t.tgisinternal AND (t.tgtype & 1) = 0
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger u WHERE u.tgrelid = part AND u.tgname = t.tgname)
    LOOP
        EXECUTE pg_catalog.replace(r.def, ' ON ' || parent::text || ' ', ' ON ' || part::text || ' ');
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, part, r.note);
    END LOOP;
    -- Comments: the table says what it is; columns and indexes say what the parent's say.
    SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) INTO bound FROM pg_catalog.pg_class c WHERE c.oid = part;
    EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', part,
        pg_catalog.format('Partition of %s (%s). Forced RLS, policies, grants and statement triggers copied from the parent by app_private.copy_partition_guards(); read and write through the parent.', parent, bound));
    FOR r IN
        SELECT a.attname, pg_catalog.col_description(parent, a.attnum) AS note
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', part, r.attname, r.note);
    END LOOP;
    FOR r IN
        SELECT ci.inhrelid::regclass AS child_index, pg_catalog.obj_description(ci.inhparent, 'pg_class') AS note
        FROM pg_catalog.pg_index x
        JOIN pg_catalog.pg_inherits ci ON ci.inhrelid = x.indexrelid
        WHERE x.indrelid = part
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON INDEX %s IS %L', r.child_index, r.note);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.copy_partition_guards(regclass) IS
    'Gives a partition everything its parent has that PostgreSQL does not clone: RLS enabled and forced, every policy, the table and column grants, the statement triggers and the comments. Idempotent; read from the catalog when it runs.';
REVOKE ALL ON FUNCTION app_private.copy_partition_guards(regclass) FROM PUBLIC;

CREATE FUNCTION app_private.copy_table_grants(source regclass, target regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    r record;
    owner_name name;
BEGIN
    SELECT a.rolname INTO owner_name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles a ON a.oid = c.relowner WHERE c.oid = target;
    IF (SELECT c.relacl IS NOT NULL FROM pg_catalog.pg_class c WHERE c.oid = source) THEN
        -- The owner's own entry may be narrower than "all" (app.audit_log): start from nothing.
        EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM %I', target, owner_name);
    END IF;
    FOR r IN
        SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(g.rolname) END AS grantee,
               pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type) AS privileges,
               pg_catalog.bool_or(x.is_grantable) AS grantable
        FROM pg_catalog.pg_class c
        CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) WITH ORDINALITY x(grantor, grantee, privilege_type, is_grantable, ord)
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = x.grantee
        WHERE c.oid = source
        GROUP BY x.grantee, g.rolname
        ORDER BY min(x.ord)
    LOOP
        EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', r.privileges, target, r.grantee,
                                  CASE WHEN r.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    FOR r IN
        SELECT a.attname,
               CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(g.rolname) END AS grantee,
               pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type) AS privileges
        FROM pg_catalog.pg_attribute a
        CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) WITH ORDINALITY x(grantor, grantee, privilege_type, is_grantable, ord)
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = x.grantee
        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
        GROUP BY a.attnum, a.attname, x.grantee, g.rolname
        ORDER BY a.attnum, min(x.ord)
    LOOP
        EXECUTE pg_catalog.format('GRANT %s (%I) ON %s TO %s', r.privileges, r.attname, target, r.grantee);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.copy_table_grants(regclass, regclass) IS
    'Copies the table privileges (the owner''s own entry included) and the column privileges of one table to another, grantee by grantee in the source''s order.';
REVOKE ALL ON FUNCTION app_private.copy_table_grants(regclass, regclass) FROM PUBLIC;

CREATE FUNCTION app_private.create_history_partitions(ahead interval DEFAULT '3 months', since timestamptz DEFAULT NULL,
                                                     only_table regclass DEFAULT NULL)
RETURNS SETOF regclass
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    t record;
    month_start timestamptz;
    last_start timestamptz;
    part_name text;
    part regclass;
BEGIN
    IF ahead IS NULL OR ahead < interval '0' OR ahead > interval '5 years' THEN
        RAISE EXCEPTION 'ahead must be between 0 and 5 years, not %', ahead
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Partitions are monthly: 3 months ahead is the default.';
    END IF;
    IF since < pg_catalog.now() - interval '10 years' THEN
        RAISE EXCEPTION 'since must be within the last 10 years, not %', since
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Older rows live in the DEFAULT partition.';
    END IF;
    FOR t IN
        SELECT c.oid::regclass AS parent, c.relname, a.attname
        FROM pg_catalog.pg_partitioned_table p
        JOIN pg_catalog.pg_class c ON c.oid = p.partrelid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
        WHERE c.relnamespace = 'app'::regnamespace AND p.partstrat = 'r' AND p.partnatts = 1
          AND a.atttypid = 'timestamptz'::regtype AND NOT c.relispartition
          AND (only_table IS NULL OR c.oid = only_table)
        ORDER BY c.relname
    LOOP
        month_start := pg_catalog.date_trunc('month', coalesce(since, pg_catalog.now()), 'UTC');
        last_start := pg_catalog.date_trunc('month', pg_catalog.now() + ahead, 'UTC');
        WHILE month_start <= last_start LOOP
            part_name := t.relname || '_p' || pg_catalog.to_char(month_start AT TIME ZONE 'UTC', 'YYYYMM');
            IF NOT EXISTS (
                SELECT FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
                WHERE i.inhparent = t.parent AND k.relname = part_name) THEN
                BEGIN
                    EXECUTE pg_catalog.format('CREATE TABLE app.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                        part_name, t.parent, month_start, month_start + interval '1 month');
                    part := pg_catalog.format('app.%I', part_name)::regclass;
                EXCEPTION WHEN check_violation THEN
                    -- Rows of that month were written before it had a partition: they stay in the
                    -- default partition (retention expires them row by row); the other months go on.
                    RAISE WARNING 'partition % not created: the default partition of % holds rows of that month', part_name, t.parent
                        USING HINT = 'Those rows expire row by row (tenantdb retention run); the month gets no partition of its own.';
                    part := NULL;
                END;
                IF part IS NOT NULL THEN
                    PERFORM app_private.copy_partition_guards(part);
                    RETURN NEXT part;
                END IF;
            END IF;
            month_start := month_start + interval '1 month';
        END LOOP;
        part_name := t.relname || '_default';
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
                       WHERE i.inhparent = t.parent AND k.relname = part_name) THEN
            EXECUTE pg_catalog.format('CREATE TABLE app.%I PARTITION OF %s DEFAULT', part_name, t.parent);
            part := pg_catalog.format('app.%I', part_name)::regclass;
            PERFORM app_private.copy_partition_guards(part);
            RETURN NEXT part;
        END IF;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.create_history_partitions(interval, timestamptz, regclass) IS
    'The only way history partitions are made: monthly (UTC) partitions of every RANGE-partitioned app table (or only_table) from the month of since (default now) to now() + ahead, and its DEFAULT partition, each guarded by copy_partition_guards() before it is returned. Maintenance role; idempotent.';
REVOKE ALL ON FUNCTION app_private.create_history_partitions(interval, timestamptz, regclass) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.create_history_partitions(interval, timestamptz, regclass) TO tenantdb_maintenance;

CREATE FUNCTION app_private.rebuild_history_table(target regclass, partition_column name)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    schema_name name;
    table_name name;
    old_name text;
    old regclass;
    fresh regclass;
    old_part_column name;
    key_column name;
    r record;
    cols text;
    first_month timestamptz;
    restore_sql text[] := '{}';
    incoming text[] := '{}';
    stmt text;
BEGIN
    SELECT n.nspname, c.relname INTO schema_name, table_name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target;
    SELECT a.attname INTO old_part_column
    FROM pg_catalog.pg_partitioned_table p JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = target;
    key_column := coalesce(partition_column, old_part_column);

    -- 1. What reads the table from outside: views, SQL-standard functions, other tables' policies.
    --    Each is replaced by a stub (same signature, owner, grants and comment) while the table is
    --    swapped, then re-created from its own definition.
    FOR r IN
        SELECT DISTINCT v.oid::regclass AS view_oid
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid JOIN pg_catalog.pg_class v ON v.oid = w.ev_class
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target AND v.oid <> target
    LOOP
        SELECT pg_catalog.string_agg(pg_catalog.format('NULL::%s AS %I', pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname), ', ' ORDER BY a.attnum),
               coalesce(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '')
        INTO cols, stmt
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.oid = r.view_oid GROUP BY c.reloptions;
        restore_sql := restore_sql || pg_catalog.format('CREATE OR REPLACE VIEW %s%s AS %s', r.view_oid, stmt,
                                                        pg_catalog.rtrim(pg_catalog.pg_get_viewdef(r.view_oid), ';'));
        EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW %s%s AS SELECT %s WHERE false', r.view_oid, stmt, cols);
    END LOOP;
    PERFORM pg_catalog.set_config('check_function_bodies', 'off', true);
    FOR r IN
        SELECT DISTINCT p.oid::regprocedure AS fn, p.oid
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON p.oid = d.objid
        WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target
    LOOP
        restore_sql := restore_sql || pg_catalog.pg_get_functiondef(r.oid);
        EXECUTE pg_catalog.format('CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE sql AS %L',
            r.oid::regproc, pg_catalog.pg_get_function_arguments(r.oid), pg_catalog.pg_get_function_result(r.oid),
            'SELECT 1 WHERE false');
    END LOOP;
    FOR r IN
        SELECT DISTINCT p.polname, p.polrelid::regclass AS rel,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_policy p ON p.oid = d.objid
        WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target AND p.polrelid <> target
    LOOP
        restore_sql := restore_sql || pg_catalog.format('ALTER POLICY %I ON %s%s%s', r.polname, r.rel,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s%s%s', r.polname, r.rel,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (false)' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (false)' ELSE '' END);
    END LOOP;
    -- Foreign keys of other tables to this one: dropped now, re-added (same definition) at the end.
    FOR r IN
        SELECT k.conname, k.conrelid::regclass AS rel, pg_catalog.pg_get_constraintdef(k.oid) AS def,
               pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k
        WHERE k.contype = 'f' AND k.confrelid = target AND k.conrelid <> target AND k.conparentid = 0
    LOOP
        incoming := incoming || pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.rel, r.conname, r.def)
                             || pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.rel, r.note);
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', r.rel, r.conname);
    END LOOP;

    -- 2. The old table steps aside: it and its indexes get a temporary name.
    old_name := pg_catalog.left(table_name, 50) || '_rebuilt';
    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME TO %I', target, old_name);
    old := target;
    FOR r IN SELECT x.indexrelid::regclass AS idx, c.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
             WHERE x.indrelid = old
    LOOP
        EXECUTE pg_catalog.format('ALTER INDEX %s RENAME TO %I', r.idx, pg_catalog.left(r.relname, 50) || '_rebuilt');
    END LOOP;

    -- 3. The new table: same columns, defaults, checks, not-nulls and column comments.
    EXECUTE pg_catalog.format(
        'CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY'
        ' INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)%s',
        schema_name, table_name, old, CASE WHEN partition_column IS NOT NULL THEN pg_catalog.format(' PARTITION BY RANGE (%I)', partition_column) ELSE '' END);
    fresh := pg_catalog.format('%I.%I', schema_name, table_name)::regclass;
    EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', fresh, pg_catalog.obj_description(old, 'pg_class'));

    -- 4. Keys (the partition column appended to, or removed from, every primary and unique key)
    --    and indexes, with their comments.
    FOR r IN
        SELECT pg_catalog.regexp_replace(k.conname, '_rebuilt$', '') AS conname, k.contype, pg_catalog.pg_get_constraintdef(k.oid) AS def, k.conindid,
               (SELECT pg_catalog.array_agg(a.attname ORDER BY x.ord) FROM unnest(k.conkey) WITH ORDINALITY x(attnum, ord)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = old AND a.attnum = x.attnum) AS key_columns,
               pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k WHERE k.conrelid = old AND k.contype IN ('p', 'u') ORDER BY k.conname
    LOOP
        IF partition_column IS NOT NULL AND NOT partition_column = ANY (r.key_columns) THEN
            r.key_columns := r.key_columns || partition_column;
        ELSIF partition_column IS NULL AND old_part_column IS NOT NULL AND r.key_columns[pg_catalog.array_length(r.key_columns, 1)] = old_part_column THEN
            r.key_columns := r.key_columns[1:pg_catalog.array_length(r.key_columns, 1) - 1];
        END IF;
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') INTO cols FROM unnest(r.key_columns) c;
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s (%s)', fresh, r.conname,
            CASE WHEN r.contype = 'p' THEN 'PRIMARY KEY' WHEN r.def LIKE 'UNIQUE NULLS NOT DISTINCT%' THEN 'UNIQUE NULLS NOT DISTINCT' ELSE 'UNIQUE' END, cols);
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, fresh, r.note);
        EXECUTE pg_catalog.format('COMMENT ON INDEX %I.%I IS %L', schema_name, r.conname, pg_catalog.obj_description(r.conindid, 'pg_class'));
    END LOOP;
    FOR r IN
        SELECT x.indexrelid, pg_catalog.pg_get_indexdef(x.indexrelid) AS def, pg_catalog.obj_description(x.indexrelid, 'pg_class') AS note,
               pg_catalog.left(c.relname, pg_catalog.length(c.relname) - 8) AS original_name
        FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = old AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = old)
        ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('CREATE %sINDEX %I ON %s %s',
            CASE WHEN r.def LIKE 'CREATE UNIQUE %' THEN 'UNIQUE ' ELSE '' END, r.original_name, fresh,
            pg_catalog.substring(r.def, ' USING .*$'));
        EXECUTE pg_catalog.format('COMMENT ON INDEX %I.%I IS %L', schema_name, r.original_name, r.note);
    END LOOP;

    -- Foreign keys before the rows: each copied row is checked by the key's trigger (which
    -- reads past RLS), where validating afterwards would scan the parent table under it.
    FOR r IN
        SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid) AS def, pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k WHERE k.conrelid = old AND k.contype = 'f' ORDER BY k.conname
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', fresh, r.conname, r.def);
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, fresh, r.note);
    END LOOP;

    -- 5. Partitions for every month that holds rows, up to three months ahead, and the default.
    --    The old table is read past its RLS (the owner's, inside this transaction only).
    EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', old);
    IF partition_column IS NOT NULL THEN
        EXECUTE pg_catalog.format('SELECT min(%I) FROM %s', partition_column, old) INTO first_month;
        PERFORM app_private.create_history_partitions(interval '3 months',
            greatest(least(first_month, pg_catalog.now()), pg_catalog.now() - interval '10 years' + interval '1 month'), fresh);
    END IF;

    -- 6. The rows.
    EXECUTE pg_catalog.format('INSERT INTO %s SELECT * FROM %s', fresh, old);

    -- 7. RLS, policies, triggers and grants, as the old table had them.
    IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = old) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', fresh);
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', fresh);
    END IF;
    FOR r IN
        SELECT p.polname, p.polpermissive, p.polcmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
               (SELECT pg_catalog.string_agg(CASE WHEN x.rid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(a.rolname) END, ', ' ORDER BY x.ord)
                FROM unnest(p.polroles) WITH ORDINALITY x(rid, ord) LEFT JOIN pg_catalog.pg_roles a ON a.oid = x.rid) AS roles,
               pg_catalog.obj_description(p.oid, 'pg_policy') AS note
        FROM pg_catalog.pg_policy p WHERE p.polrelid = old ORDER BY p.polname
    LOOP
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', r.polname, fresh,
            CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            r.roles,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', r.polname, fresh, r.note);
    END LOOP;
    FOR r IN
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, pg_catalog.obj_description(t.oid, 'pg_trigger') AS note
        FROM pg_catalog.pg_trigger t WHERE t.tgrelid = old AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY t.tgname
    LOOP
        EXECUTE pg_catalog.replace(r.def, ' ON ' || old::text || ' ', ' ON ' || fresh::text || ' ');
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, fresh, r.note);
    END LOOP;
    PERFORM app_private.copy_table_grants(old, fresh);
    -- Every partition (made in step 5) now gets what its parent has.
    FOR r IN SELECT i.inhrelid::regclass AS part FROM pg_catalog.pg_inherits i WHERE i.inhparent = fresh LOOP
        PERFORM app_private.copy_partition_guards(r.part);
    END LOOP;

    -- 8. The old table goes; what read it reads the new one.
    EXECUTE pg_catalog.format('DROP TABLE %s', old);
    PERFORM pg_catalog.set_config('check_function_bodies', 'on', true);
    FOREACH stmt IN ARRAY restore_sql || incoming LOOP
        EXECUTE stmt;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.rebuild_history_table(regclass, name) IS
    'Deploy/revert helper of partitions/*: rebuilds a table RANGE-partitioned by month on the column (NULL: as a plain table again), keeping rows, columns, keys (partition column appended to, or removed from, each primary and unique key), indexes, foreign keys in both directions, RLS, policies, triggers, grants, comments and what reads the table (views, SQL-standard functions, policies). Not granted to anyone.';
REVOKE ALL ON FUNCTION app_private.rebuild_history_table(regclass, name) FROM PUBLIC;

COMMIT;
