-- client_role_bypasses_rls (ERROR)
-- A client role (tenantdb_app, tenantdb_service) that is a superuser or has BYPASSRLS: no policy
-- applies to it, so every connection made with it sees and writes every tenant's rows.
-- Only tenantdb_maintenance may bypass RLS, and clients never get it.
SELECT 'client_role_bypasses_rls' AS name,
       'ERROR' AS level,
       pg_catalog.format('role %I', r.rolname) AS object,
       pg_catalog.format('client role %I has %s: row level security does not apply to it, so it reaches every tenant''s rows',
                         r.rolname, pg_catalog.concat_ws(' and ', CASE WHEN r.rolsuper THEN 'SUPERUSER' END,
                                                                   CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END)) AS detail,
       pg_catalog.format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS;  (deploy/core/roles.sql re-asserts this on every deploy)', r.rolname) AS remediation
FROM pg_catalog.pg_roles r
WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
  AND (r.rolsuper OR r.rolbypassrls)
ORDER BY 3
