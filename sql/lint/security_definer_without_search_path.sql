-- security_definer_without_search_path (ERROR)
-- A SECURITY DEFINER function without its own search_path setting resolves unqualified names
-- through the caller's search_path: a caller who can create a function or operator in a schema
-- on that path (or in pg_temp) makes the definer run it with the owner's rights.
-- Every schema is checked except the system schemas; functions of extensions are left out.
SELECT 'security_definer_without_search_path' AS name,
       'ERROR' AS level,
       fn.oid::regprocedure::text AS object,
       pg_catalog.format('SECURITY DEFINER function %s (owner %I) has no fixed search_path: it runs with its owner''s rights but resolves names through the caller''s search_path',
                         fn.oid::regprocedure, pg_catalog.pg_get_userbyid(fn.proowner)) AS detail,
       pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp;  (and schema-qualify every name in its body)',
                         fn.oid::regprocedure) AS remediation
FROM pg_catalog.pg_proc fn
JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
WHERE fn.prosecdef
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = fn.oid AND d.deptype = 'e')
  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(fn.proconfig) AS cfg(setting) WHERE cfg.setting LIKE 'search\_path=%')
ORDER BY 3
