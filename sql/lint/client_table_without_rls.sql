-- client_table_without_rls (INFO)
-- A table without a tenant_id column (so not a tenant table) that a client role (tenantdb_app,
-- tenantdb_service) may read or write, with ROW LEVEL SECURITY disabled: every tenant sees and,
-- with write grants, changes the same rows. Right for shared reference data (a list of
-- languages), wrong for anything that belongs to a tenant. Shown for review; allowlist the
-- shared ones with the reason. (Tenant tables without RLS are rls_disabled_on_tenant_table.)
-- Every schema is checked except the system schemas; tables of extensions are left out.
SELECT 'client_table_without_rls' AS name,
       'INFO' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has no tenant_id and no row level security, and %s may use it: its rows are shared by every tenant',
                         n.nspname, c.relname, clients.names) AS detail,
       'If it holds tenant data: add tenant_id and SELECT app_private.guard_tenant_table(...). If it is shared reference '
       || 'data: allowlist it (sql/lint/allowlist.toml) saying so, and grant clients SELECT only.' AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(r.rolname), ', ' ORDER BY r.rolname) AS names
    FROM pg_catalog.pg_roles r
    WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
      AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
) AS clients
WHERE c.relkind IN ('r', 'p', 'f')
  AND NOT c.relrowsecurity
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND clients.names IS NOT NULL
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 3
