-- Deploy tenantdb:security/explain_row_by_id to pg
-- app_private.explain_row_access() names a row by its primary key without tenant_id. The
-- history tables are partitioned by time (partitions/*), so their key is (id, <time>) and a row
-- named by its id alone was refused; `tenantdb why` looked the time up in Python. Now the
-- function finds the partition columns of the key in the catalog (pg_partitioned_table) and
-- accepts the key without them: the other columns (the id, a uuid) find at most one row, whose
-- partition values complete the key (so the statements `tenantdb why` confirms with prune to
-- one partition). The whole key keeps working; an id no row has answers "no row has this key"
-- as before; two rows sharing the named columns are refused with a hint to give the whole key.
-- A key value not of its column's type is now refused naming the column (22023), not by the
-- cast (22P02). Only the body and the comment change: signature, grants and settings stay.
-- On Citus the function runs on the coordinator, reading the catalog and the distributed
-- table as before (no new construct: a cursor loop over a plain SELECT).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE OR REPLACE FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name DEFAULT 'tenantdb_app')
RETURNS TABLE (section text, item text, command text, expression text, value boolean, detail text)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    key_columns text[];
    key_values text[] := string_to_array(row_key, ',');
    key_where text;
    -- a partitioned table: the primary key's partition columns (NULL: not partitioned)
    partition_columns text[];
    -- the key columns row_key names: all of key_columns, or those without the partition columns
    named_columns text[];
    key_type text;
    found_values text[];
    first_values text[];
    matches int := 0;
    row_ctid tid;
    row_tenant uuid;
    has_tenant boolean;
    rls_on boolean;
    rls_forced boolean;
    bypass boolean;
    pol record;
    clause record;
    result boolean;
    -- per command: any permissive policy true, every restrictive policy true
    perm_using jsonb := '{}';
    restr_using jsonb := '{}';
    perm_check jsonb := '{}';
    restr_check jsonb := '{}';
    verdict_select boolean;
    grant_any boolean;
    cmd text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_class WHERE oid = target AND relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', target USING ERRCODE = 'wrong_object_type',
            HINT = 'For a view, explain the row of its base table (views run with the caller''s rights).';
    END IF;
    SELECT array_agg(a.attname::text ORDER BY k.ord) INTO key_columns
    FROM pg_catalog.pg_constraint c
    CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
    WHERE c.conrelid = target AND c.contype = 'p' AND (a.attname <> 'tenant_id' OR cardinality(c.conkey) = 1);
    IF key_columns IS NULL THEN
        RAISE EXCEPTION '% has no primary key to find a row by', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A partitioned table's primary key must hold its partition columns (the history tables:
    -- (tenant_id, id, <time>)). A row may be named without them, by its id alone (a uuid, so at
    -- most one row): the partition columns come from the catalog, their values from the row.
    SELECT array_agg(a.attname::text ORDER BY k.attnum) INTO partition_columns
    FROM pg_catalog.pg_partitioned_table pt
    CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) AS k(attnum)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
    WHERE pt.partrelid = target AND a.attname::text = ANY (key_columns);
    IF cardinality(key_values) IS NOT DISTINCT FROM cardinality(key_columns) THEN
        named_columns := key_columns;
    ELSIF partition_columns IS NOT NULL
          AND cardinality(key_values) = cardinality(key_columns) - cardinality(partition_columns) THEN
        SELECT array_agg(u.col ORDER BY u.ord) INTO named_columns
        FROM unnest(key_columns) WITH ORDINALITY AS u(col, ord)
        WHERE u.col <> ALL (partition_columns);
    ELSE
        RAISE EXCEPTION 'a row of % is named by % value(s) (%), got %', target, cardinality(key_columns),
            array_to_string(key_columns, ', '), coalesce(row_key, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Separate several key values with commas, in that order.'
                || CASE WHEN partition_columns IS NULL THEN ''
                        ELSE format(' The partition column(s) (%s) may be left out.', array_to_string(partition_columns, ', ')) END;
    END IF;
    -- Each value must be of its column's type: a clear error naming the column, not a cast's.
    FOR i IN 1 .. cardinality(named_columns) LOOP
        SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
        FROM pg_catalog.pg_attribute a WHERE a.attrelid = target AND a.attname = named_columns[i];
        BEGIN
            EXECUTE format('SELECT %L::%s', btrim(key_values[i]), key_type);
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'key value % is not a valid % (column % of %)', quote_literal(btrim(key_values[i])),
                key_type, named_columns[i], target
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name the row by ' || array_to_string(named_columns, ', ')
                             || CASE WHEN cardinality(named_columns) > 1 THEN ' (comma-separated, in that order).' ELSE '.' END;
        END;
    END LOOP;
    SELECT string_agg(format('%I = %L::%s', a.attname, btrim(key_values[i]), format_type(a.atttypid, a.atttypmod)), ' AND ')
    INTO key_where
    FROM generate_subscripts(named_columns, 1) AS i
    JOIN pg_catalog.pg_attribute a ON a.attrelid = target AND a.attname = named_columns[i];
    IF cardinality(named_columns) < cardinality(key_columns) THEN
        -- The whole key of the row the named columns find (none: "no row has this key" below).
        FOR found_values IN EXECUTE format('SELECT ARRAY[%s] FROM %s WHERE %s LIMIT 2',
                (SELECT string_agg(format('%I::text', u.col), ', ' ORDER BY u.ord)
                 FROM unnest(key_columns) WITH ORDINALITY AS u(col, ord)), target, key_where) LOOP
            matches := matches + 1;
            first_values := coalesce(first_values, found_values);
        END LOOP;
        IF matches > 1 THEN
            RAISE EXCEPTION 'more than one row of % has %', target, key_where USING ERRCODE = 'invalid_parameter_value',
                HINT = format('Name the row by its whole key: %s, comma-separated.', array_to_string(key_columns, ', '));
        ELSIF matches = 1 THEN
            key_values := first_values;
            SELECT string_agg(format('%I = %L::%s', a.attname, key_values[i], format_type(a.atttypid, a.atttypmod)), ' AND ')
            INTO key_where
            FROM generate_subscripts(key_columns, 1) AS i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = target AND a.attname = key_columns[i];
        END IF;
    END IF;
    has_tenant := EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped);
    EXECUTE format('SELECT ctid, %s FROM %s WHERE %s LIMIT 1', CASE WHEN has_tenant THEN 'tenant_id' ELSE 'id' END,
                   target, key_where) INTO row_ctid, row_tenant;

    -- The context the policies read.
    RETURN QUERY VALUES
        ('context', 'app.tenant_id', NULL::text, NULL::text, NULL::boolean, app.current_tenant_id()::text),
        ('context', 'app.user_id', NULL, NULL, NULL, app.current_user_id()::text),
        ('context', 'person role', NULL, NULL, NULL, app_private.current_person_role()),
        ('context', 'learner id', NULL, NULL, NULL, app_private.current_learner_id()::text),
        ('context', 'course ids', NULL, NULL, NULL, app_private.current_course_ids()::text),
        ('context', 'workspace ids (viewer+)', NULL, NULL, NULL, app_private.current_workspace_ids('viewer')::text),
        ('context', 'workspace ids (editor+)', NULL, NULL, NULL, app_private.current_workspace_ids('editor')::text),
        ('context', 'workspace ids (owner)', NULL, NULL, NULL, app_private.current_workspace_ids('owner')::text);

    RETURN QUERY VALUES ('row', 'exists', NULL::text, key_where, row_ctid IS NOT NULL,
                         CASE WHEN row_ctid IS NULL THEN 'no row of ' || target::text || ' has this key' END);
    IF row_ctid IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY VALUES ('row', 'tenant check', NULL::text,
                         'row tenant ' || row_tenant::text || ' = app.tenant_id',
                         row_tenant IS NOT DISTINCT FROM app.current_tenant_id(), NULL::text);

    SELECT relrowsecurity, relforcerowsecurity INTO rls_on, rls_forced FROM pg_catalog.pg_class WHERE oid = target;
    SELECT rolbypassrls INTO bypass FROM pg_catalog.pg_roles WHERE rolname = client_role;
    RETURN QUERY VALUES
        ('table', 'row level security', NULL::text, NULL::text, rls_on, CASE WHEN rls_forced THEN 'forced' ELSE 'not forced' END),
        ('table', client_role::text || ' bypasses RLS', NULL, NULL, coalesce(bypass, false), NULL);

    -- Every policy that applies to the client role, each clause evaluated against the row.
    FOR pol IN
        SELECT p.polname::text AS name, p.polpermissive AS permissive,
               CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS cmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = target
          AND EXISTS (SELECT FROM unnest(p.polroles) r WHERE r = 0 OR pg_catalog.pg_has_role(client_role, r, 'MEMBER'))
        ORDER BY NOT p.polpermissive, p.polname
    LOOP
        FOR clause IN
            SELECT * FROM (VALUES ('USING', pol.using_expr), ('WITH CHECK', coalesce(pol.check_expr, pol.using_expr))) AS c(kind, expr)
            WHERE c.expr IS NOT NULL
              AND NOT (c.kind = 'USING' AND pol.cmd = 'INSERT')
              AND NOT (c.kind = 'WITH CHECK' AND pol.cmd IN ('SELECT', 'DELETE'))
        LOOP
            EXECUTE format('SELECT (%s) FROM %s WHERE ctid = $1', clause.expr, target) INTO result USING row_ctid;
            RETURN QUERY VALUES ('policy', pol.name, pol.cmd, clause.expr, coalesce(result, false),
                                 CASE WHEN pol.permissive THEN 'permissive ' ELSE 'restrictive ' END || clause.kind
                                 || CASE WHEN clause.kind = 'WITH CHECK' AND pol.check_expr IS NULL THEN ' (its USING)' ELSE '' END
                                 || CASE WHEN result IS NULL THEN ': NULL counts as false' ELSE '' END);
            FOREACH cmd IN ARRAY CASE WHEN pol.cmd = 'ALL' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] ELSE ARRAY[pol.cmd] END LOOP
                IF clause.kind = 'USING' AND pol.permissive THEN
                    perm_using := perm_using || jsonb_build_object(cmd, coalesce((perm_using ->> cmd)::boolean, false) OR coalesce(result, false));
                ELSIF clause.kind = 'USING' THEN
                    restr_using := restr_using || jsonb_build_object(cmd, coalesce((restr_using ->> cmd)::boolean, true) AND coalesce(result, false));
                ELSIF pol.permissive THEN
                    perm_check := perm_check || jsonb_build_object(cmd, coalesce((perm_check ->> cmd)::boolean, false) OR coalesce(result, false));
                ELSE
                    restr_check := restr_check || jsonb_build_object(cmd, coalesce((restr_check ->> cmd)::boolean, true) AND coalesce(result, false));
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;

    -- Grants: table-wide, or the columns granted.
    FOREACH cmd IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] LOOP
        grant_any := pg_catalog.has_table_privilege(client_role, target, cmd)
                     OR (cmd <> 'DELETE' AND pg_catalog.has_any_column_privilege(client_role, target, cmd));
        RETURN QUERY
        SELECT 'grant', cmd, cmd, NULL::text, grant_any,
               CASE WHEN cmd = 'DELETE' THEN CASE WHEN grant_any THEN 'granted' ELSE 'no grant' END
                    WHEN pg_catalog.has_table_privilege(client_role, target, cmd) THEN 'every column'
                    ELSE coalesce('columns: ' || (
                        SELECT string_agg(a.attname::text, ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
                          AND pg_catalog.has_column_privilege(client_role, target, a.attnum, cmd)), 'no grant') END;
    END LOOP;

    -- Verdicts: the grant, then (under RLS) some permissive and every restrictive policy.
    FOREACH cmd IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] LOOP
        grant_any := pg_catalog.has_table_privilege(client_role, target, cmd)
                     OR (cmd <> 'DELETE' AND pg_catalog.has_any_column_privilege(client_role, target, cmd));
        IF NOT rls_on OR coalesce(bypass, false) THEN
            result := grant_any;
        ELSIF cmd = 'INSERT' THEN
            result := grant_any AND coalesce((perm_check ->> cmd)::boolean, false) AND coalesce((restr_check ->> cmd)::boolean, true);
        ELSE
            result := grant_any AND coalesce((perm_using ->> cmd)::boolean, false) AND coalesce((restr_using ->> cmd)::boolean, true);
            IF cmd = 'UPDATE' THEN
                result := result AND coalesce((perm_check ->> cmd)::boolean, false) AND coalesce((restr_check ->> cmd)::boolean, true);
            END IF;
            IF cmd <> 'SELECT' THEN
                result := result AND verdict_select;  -- a WHERE that finds the row reads it under the SELECT policies
            END IF;
        END IF;
        IF cmd = 'SELECT' THEN
            verdict_select := result;
        END IF;
        RETURN QUERY VALUES ('verdict', lower(cmd), cmd, NULL::text, result,
                             CASE cmd WHEN 'SELECT' THEN 'the person sees this row'
                                      WHEN 'INSERT' THEN 'the person may insert this row as it is'
                                      WHEN 'UPDATE' THEN 'the person may update this row (unchanged values)'
                                      ELSE 'the person may delete this row' END);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.explain_row_access(regclass, text, name) IS
    'Why the person of the current context can or cannot see, insert, update or delete one row (key: primary key values without tenant_id, comma-separated; on a partitioned table the partition columns may be left out, so a history row is named by its id alone) as client_role: context values, tenant check, each applicable policy clause with its value for the row, grants and column grants, verdicts. Maintenance role only (BYPASSRLS reads the row); set the context in the same transaction first. Invoker.';

COMMIT;
