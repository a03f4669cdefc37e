-- security_definer_executable_by_public (ERROR)
-- A SECURITY DEFINER function that PUBLIC may execute (explicitly, or because nobody revoked the
-- default EXECUTE): every role, present and future, can run code with the owner's rights.
-- Grant EXECUTE to the roles that need it, by name.
-- Every schema is checked except the system schemas; functions of extensions are left out.
SELECT 'security_definer_executable_by_public' AS name,
       'ERROR' AS level,
       fn.oid::regprocedure::text AS object,
       pg_catalog.format('SECURITY DEFINER function %s (owner %I) is executable by PUBLIC: every role can run it with its owner''s rights',
                         fn.oid::regprocedure, pg_catalog.pg_get_userbyid(fn.proowner)) AS detail,
       pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC; then GRANT EXECUTE ON FUNCTION %s TO the roles whose policies or code call it.',
                         fn.oid::regprocedure, fn.oid::regprocedure) AS remediation
FROM pg_catalog.pg_proc fn
JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
WHERE fn.prosecdef
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = fn.oid AND d.deptype = 'e')
  AND EXISTS (SELECT FROM pg_catalog.aclexplode(COALESCE(fn.proacl, pg_catalog.acldefault('f', fn.proowner))) AS acl
              WHERE acl.grantee = 0 AND acl.privilege_type = 'EXECUTE')
ORDER BY 3
