-- function_without_fixed_search_path (ERROR)
-- A function whose body is resolved at run time (PL/pgSQL, or SQL written as a string) without
-- its own search_path setting: every unqualified name in it resolves through the caller's
-- search_path, so a caller who can put a function, operator or table in a schema on that path
-- (or in pg_temp) changes what it runs. Fix it with SET search_path = pg_catalog, pg_temp.
-- The one exception: LANGUAGE sql functions with a SQL-standard body (RETURN ... or
-- BEGIN ATOMIC ... END). Their names are bound when the function is created, so no search_path
-- reaches them, and a SET clause would stop the planner from inlining them (the context
-- accessors app.current_tenant_id() and app_private.context_uuid() rely on inlining).
-- Functions of extensions and of the harness's test helpers (schema tests) are left out.
SELECT 'function_without_fixed_search_path' AS name,
       'ERROR' AS level,
       fn.oid::regprocedure::text AS object,
       pg_catalog.format('function %s (%s) has no fixed search_path: the names in its body resolve through the caller''s search_path',
                         fn.oid::regprocedure, l.lanname) AS detail,
       pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp;  (and schema-qualify every name in its body), or, for an inlinable LANGUAGE sql accessor, write its body as RETURN ... (SQL-standard body)',
                         fn.oid::regprocedure) AS remediation
FROM pg_catalog.pg_proc fn
JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = fn.prolang
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'tests')
  AND n.nspname NOT LIKE 'pg\_%'
  AND l.lanname <> 'internal' AND l.lanname <> 'c'
  AND NOT (l.lanname = 'sql' AND fn.prosqlbody IS NOT NULL)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = fn.oid AND d.deptype = 'e')
  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(fn.proconfig) AS cfg(setting) WHERE cfg.setting LIKE 'search\_path=%')
ORDER BY 3
