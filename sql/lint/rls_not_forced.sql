-- rls_not_forced (ERROR)
-- A tenant table with ROW LEVEL SECURITY enabled but not FORCEd: its owner (tenantdb_owner), and
-- so every SECURITY DEFINER function and trigger running as the owner, skips every policy and
-- reaches every tenant's rows.
-- Partitions count only when a client role holds a privilege on them (otherwise clients reach
-- their rows only through the partitioned table, whose policies apply).
SELECT 'rls_not_forced' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has row level security enabled but not forced: its owner %I, and every definer function or trigger running as it, bypasses the policies and reaches every tenant''s rows',
                         n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner)) AS detail,
       pg_catalog.format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY; (app_private.guard_tenant_table() does it for tenant tables)',
                         n.nspname, c.relname) AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname IN ('app', 'app_private')
  AND c.relrowsecurity
  AND NOT c.relforcerowsecurity
  AND (EXISTS (SELECT FROM pg_catalog.pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
       OR (n.nspname, c.relname) = ('app', 'tenants'))
  AND (NOT c.relispartition
       OR EXISTS (SELECT FROM pg_catalog.pg_roles r
                  WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
                    AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')))
ORDER BY 3
