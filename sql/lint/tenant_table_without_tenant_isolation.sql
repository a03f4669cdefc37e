-- tenant_table_without_tenant_isolation (ERROR)
-- A table with a tenant_id column that lacks the restrictive policy which makes isolation hold
-- whatever the permissive policies say: AS RESTRICTIVE FOR ALL TO PUBLIC with both USING and
-- WITH CHECK equal to tenant_id = (SELECT app.current_tenant_id()). Without it, one careless
-- permissive policy (or one missing tenant_id test) exposes other tenants' rows.
-- The expressions are compared as PostgreSQL deparses them (pg_get_expr), ignoring whitespace and
-- whether app. is printed (it is not when app is on the search_path).
-- Partitions count only when a client role holds a privilege on them (otherwise clients reach
-- their rows only through the partitioned table, whose policies apply).
SELECT 'tenant_table_without_tenant_isolation' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has no restrictive policy FOR ALL TO PUBLIC with USING and WITH CHECK (tenant_id = (SELECT app.current_tenant_id())): isolation rests on every permissive policy getting tenant_id right',
                         n.nspname, c.relname) AS detail,
       pg_catalog.format('SELECT app_private.guard_tenant_table(%L); (adds the restrictive tenant_isolation policy), instead of hand-written tenant checks',
                         pg_catalog.format('%I.%I', n.nspname, c.relname)) AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname IN ('app', 'app_private')
  AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_policy p
      WHERE p.polrelid = c.oid
        AND NOT p.polpermissive
        AND p.polcmd = '*'
        AND p.polroles = '{0}'::oid[]
        AND pg_catalog.regexp_replace(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '\s+', '', 'g')
            ~ '^\(tenant_id=\(SELECT(app\.)?current_tenant_id\(\)AScurrent_tenant_id\)\)$'
        AND pg_catalog.regexp_replace(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '\s+', '', 'g')
            ~ '^\(tenant_id=\(SELECT(app\.)?current_tenant_id\(\)AScurrent_tenant_id\)\)$')
  AND (NOT c.relispartition
       OR EXISTS (SELECT FROM pg_catalog.pg_roles r
                  WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
                    AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')))
ORDER BY 3
