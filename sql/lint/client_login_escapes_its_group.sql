-- client_login_escapes_its_group (ERROR)
-- A login role of a client group (a member of tenantdb_app or tenantdb_service, made by
-- `tenantdb role add`) that can do more than inherit its one group:
--   * SET ROLE to a tenantdb group (membership granted WITH SET TRUE, PostgreSQL 16+): as the
--     group it may ALTER ROLE the group (every login's defaults) and change the group's password;
--   * is a member of more than one tenantdb group (app and service, or a client group and
--     maintenance): one leaked credential then carries both;
--   * has BYPASSRLS, CREATEROLE or CREATEDB.
-- Logins come from `tenantdb role add NAME --as app|service`, which grants
-- WITH INHERIT TRUE, SET FALSE, ADMIN FALSE and nothing else.
WITH groups AS (
    SELECT g.oid, g.rolname FROM pg_catalog.pg_roles g
    WHERE g.rolname IN ('tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance')
), logins AS (
    SELECT r.oid, r.rolname, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb
    FROM pg_catalog.pg_roles r
    WHERE r.rolcanlogin
      AND NOT r.rolsuper  -- superusers are members of everything; lints about them are elsewhere
      AND r.rolname NOT IN ('tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance')
      AND EXISTS (SELECT FROM groups g WHERE g.rolname IN ('tenantdb_app', 'tenantdb_service')
                  AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER'))
), problems AS (
    SELECT l.rolname,
           pg_catalog.array_remove(ARRAY[
               CASE WHEN pg_catalog.current_setting('server_version_num')::integer >= 160000
                         AND EXISTS (SELECT FROM groups g WHERE pg_catalog.pg_has_role(l.oid, g.oid, 'SET'))
                    THEN 'can SET ROLE to its group' END,
               CASE WHEN (SELECT pg_catalog.count(*) FROM groups g WHERE pg_catalog.pg_has_role(l.oid, g.oid, 'MEMBER')) > 1
                    THEN 'is a member of ' || (SELECT pg_catalog.string_agg(g.rolname, ' and ' ORDER BY g.rolname)
                                               FROM groups g WHERE pg_catalog.pg_has_role(l.oid, g.oid, 'MEMBER')) END,
               CASE WHEN l.rolbypassrls THEN 'has BYPASSRLS' END,
               CASE WHEN l.rolcreaterole THEN 'has CREATEROLE' END,
               CASE WHEN l.rolcreatedb THEN 'has CREATEDB' END
           ], NULL) AS what
    FROM logins l
)
SELECT 'client_login_escapes_its_group' AS name,
       'ERROR' AS level,
       pg_catalog.format('role %I', p.rolname) AS object,
       pg_catalog.format('client login %I %s', p.rolname, pg_catalog.array_to_string(p.what, ', ')) AS detail,
       pg_catalog.format('Recreate it: tenantdb role drop %I; tenantdb role add %I --as app|service  (one group, WITH INHERIT TRUE, SET FALSE; no attributes)',
                         p.rolname, p.rolname) AS remediation
FROM problems p
WHERE pg_catalog.cardinality(p.what) > 0
ORDER BY 3
