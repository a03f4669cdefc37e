-- policy_column_not_indexed (WARN)
-- A column of the table that a policy tests, which no index can serve: every query through the
-- policy scans the whole table (all tenants' rows) and filters. A column is served when a valid,
-- non-partial index leads with it, or leads with tenant_id and has it second (the restrictive
-- tenant_isolation policy always supplies tenant_id = ..., so (tenant_id, x) serves x).
-- The columns come from pg_depend, where PostgreSQL records every column a policy expression
-- uses, including ones referenced from inside its sub-selects. Partitions are judged through
-- their parent (their indexes are the parent's, cloned; partition_without_parent_guards checks
-- that their policies are the parent's).
WITH policy_columns AS (
    SELECT DISTINCT p.polrelid, d.refobjsubid AS attnum, p.polname
    FROM pg_catalog.pg_policy p
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
                                AND d.refclassid = 'pg_catalog.pg_class'::regclass
                                AND d.refobjid = p.polrelid AND d.refobjsubid > 0
)
SELECT 'policy_column_not_indexed' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I.%I', n.nspname, c.relname, a.attname) AS object,
       pg_catalog.format('column %I of %I.%I is tested by policies %s but no index leads with it (or with tenant_id, %I): queries through these policies scan the whole table',
                         a.attname, n.nspname, c.relname,
                         pg_catalog.string_agg(pg_catalog.quote_ident(pc.polname), ', ' ORDER BY pc.polname), a.attname) AS detail,
       pg_catalog.format('CREATE INDEX %s ON %I.%I (%s);',
                         pg_catalog.quote_ident(pg_catalog.left(c.relname || '_' || CASE WHEN t.attnum IS NOT NULL AND t.attnum <> a.attnum THEN 'tenant_id_' ELSE '' END || a.attname, 59) || '_idx'),
                         n.nspname, c.relname,
                         CASE WHEN t.attnum IS NOT NULL AND t.attnum <> a.attnum THEN 'tenant_id, ' ELSE '' END || pg_catalog.quote_ident(a.attname)) AS remediation
FROM policy_columns pc
JOIN pg_catalog.pg_class c ON c.oid = pc.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = pc.polrelid AND a.attnum = pc.attnum AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attribute t ON t.attrelid = pc.polrelid AND t.attname = 'tenant_id' AND t.attnum > 0 AND NOT t.attisdropped
WHERE n.nspname IN ('app', 'app_private')
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_index i
      WHERE i.indrelid = pc.polrelid
        AND i.indisvalid
        AND i.indpred IS NULL
        AND (i.indkey[0] = pc.attnum
             OR (i.indnkeyatts >= 2 AND i.indkey[0] = t.attnum AND i.indkey[1] = pc.attnum)))
GROUP BY n.nspname, c.relname, a.attname, a.attnum, t.attnum
ORDER BY 3
