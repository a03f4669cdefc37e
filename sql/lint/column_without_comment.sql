-- column_without_comment (WARN)
-- A column of a table, view, materialized view or foreign table of app or app_private without
-- COMMENT ON: its meaning, unit and constraints are then known only to whoever wrote it.
-- Partitions are left out (their columns are the partitioned table's).
SELECT 'column_without_comment' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I.%I', n.nspname, c.relname, a.attname) AS object,
       pg_catalog.format('column %I of %I.%I has no comment', a.attname, n.nspname, c.relname) AS detail,
       pg_catalog.format('COMMENT ON COLUMN %I.%I.%I IS ''What it holds, its unit and its constraints.'';',
                         n.nspname, c.relname, a.attname) AS remediation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND n.nspname IN ('app', 'app_private')
  AND a.attnum > 0
  AND NOT a.attisdropped
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND pg_catalog.col_description(c.oid, a.attnum) IS NULL
ORDER BY 3
