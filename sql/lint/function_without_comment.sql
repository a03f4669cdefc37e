-- function_without_comment (WARN)
-- A function or procedure of app or app_private without COMMENT ON: policies call these, so a
-- reviewer must be able to read what each returns, for whom, and with whose rights.
SELECT 'function_without_comment' AS name,
       'WARN' AS level,
       fn.oid::regprocedure::text AS object,
       pg_catalog.format('%s %s has no comment',
                         CASE fn.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
                         fn.oid::regprocedure) AS detail,
       pg_catalog.format('COMMENT ON %s %s IS ''What it returns, for whom, and with whose rights.'';',
                         CASE fn.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                         fn.oid::regprocedure) AS remediation
FROM pg_catalog.pg_proc fn
JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
WHERE n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = fn.oid AND d.deptype = 'e')
  AND pg_catalog.obj_description(fn.oid, 'pg_proc') IS NULL
ORDER BY 3
