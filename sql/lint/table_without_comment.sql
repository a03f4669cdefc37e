-- table_without_comment (WARN)
-- A table, view, materialized view or foreign table of app or app_private without COMMENT ON.
-- The catalog documents the schema: the policy report, the ERD and every DBA reading \d+ rely on
-- the comment to say what a row is and who may see it. Partitions are left out.
SELECT 'table_without_comment' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('%s %I.%I has no comment',
                         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
                         n.nspname, c.relname) AS detail,
       pg_catalog.format('COMMENT ON %s %I.%I IS ''What one row is, and who may see it.'';',
                         CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                         n.nspname, c.relname) AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND pg_catalog.obj_description(c.oid, 'pg_class') IS NULL
ORDER BY 3
