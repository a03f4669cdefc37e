-- tenant_table_without_policy (ERROR)
-- A table with a tenant_id column and no policy at all. With RLS enabled it silently returns no
-- rows to anyone (default deny) and says nothing about isolation; with RLS disabled every tenant's
-- rows are open. Either way the table was never guarded.
-- Partitions count only when a client role holds a privilege on them (otherwise clients reach
-- their rows only through the partitioned table, whose policies apply).
SELECT 'tenant_table_without_policy' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has a tenant_id column but no row level security policy (RLS %s)',
                         n.nspname, c.relname,
                         CASE WHEN c.relrowsecurity THEN 'enabled: every client sees nothing' ELSE 'disabled: every tenant''s rows are open' END) AS detail,
       pg_catalog.format('SELECT app_private.guard_tenant_table(%L); then add the permissive policies of the access matrix (<table>_<command>_app, <table>_all_service)',
                         pg_catalog.format('%I.%I', n.nspname, c.relname)) AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname IN ('app', 'app_private')
  AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
  AND (NOT c.relispartition
       OR EXISTS (SELECT FROM pg_catalog.pg_roles r
                  WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
                    AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')))
ORDER BY 3
