-- policies_on_table_without_rls (ERROR)
-- A table that has policies while ROW LEVEL SECURITY is disabled: the policies look like
-- protection in review but PostgreSQL ignores them, so every role with a grant sees every row.
SELECT 'policies_on_table_without_rls' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has policies (%s) but row level security is disabled, so none of them applies',
                         n.nspname, c.relname,
                         (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(p.polname), ', ' ORDER BY p.polname)
                          FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)) AS detail,
       pg_catalog.format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY; ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY;',
                         n.nspname, c.relname, n.nspname, c.relname) AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname IN ('app', 'app_private')
  AND NOT c.relrowsecurity
  AND EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
ORDER BY 3
