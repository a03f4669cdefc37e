-- rls_disabled_on_tenant_table (ERROR)
-- A tenant table (a table of schema app or app_private with a tenant_id column, or app.tenants
-- itself) with ROW LEVEL SECURITY disabled: every role holding a grant on it reads and writes
-- the rows of every tenant. Policies on such a table are ignored.
-- Partitions count only when a client role holds a privilege on them (otherwise clients reach
-- their rows only through the partitioned table, whose policies apply).
SELECT 'rls_disabled_on_tenant_table' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I holds tenant data but row level security is disabled: every role with a grant on it reaches every tenant''s rows',
                         n.nspname, c.relname) AS detail,
       CASE WHEN (n.nspname, c.relname) = ('app', 'tenants')
            THEN 'ALTER TABLE app.tenants ENABLE ROW LEVEL SECURITY; ALTER TABLE app.tenants FORCE ROW LEVEL SECURITY;'
            ELSE pg_catalog.format('In the table''s deploy script, right after CREATE TABLE: SELECT app_private.guard_tenant_table(%L); (enables and forces RLS and adds the tenant_isolation policy)',
                                   pg_catalog.format('%I.%I', n.nspname, c.relname))
       END AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname IN ('app', 'app_private')
  AND NOT c.relrowsecurity
  AND (EXISTS (SELECT FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
       OR (n.nspname, c.relname) = ('app', 'tenants'))
  AND (NOT c.relispartition
       OR EXISTS (SELECT FROM pg_catalog.pg_roles r
                  WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
                    AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')))
ORDER BY 3
