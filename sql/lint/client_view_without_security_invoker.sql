-- client_view_without_security_invoker (ERROR)
-- A view that a client role (tenantdb_app, tenantdb_service) may read or write, without
-- security_invoker: it runs with its owner's rights, so the policies checked are the owner's,
-- not the caller's (a view owned by a BYPASSRLS or superuser role, or over a table whose RLS is
-- not forced, returns every tenant's rows). A materialized view a client may read is flagged
-- too: it stores rows with no RLS at all.
-- Every schema is checked except the system schemas; objects of extensions are left out.
SELECT 'client_view_without_security_invoker' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       CASE c.relkind
           WHEN 'v' THEN pg_catalog.format('view %I.%I is readable by %s but runs with the rights of its owner %I (no security_invoker): the caller''s row level security is not applied',
                                           n.nspname, c.relname, clients.names, pg_catalog.pg_get_userbyid(c.relowner))
           ELSE pg_catalog.format('materialized view %I.%I is readable by %s: it holds a copy of rows with no row level security at all',
                                  n.nspname, c.relname, clients.names)
       END AS detail,
       CASE c.relkind
           WHEN 'v' THEN pg_catalog.format('ALTER VIEW %I.%I SET (security_invoker = true);  (create it WITH (security_invoker = true))', n.nspname, c.relname)
           ELSE pg_catalog.format('REVOKE ALL ON %I.%I FROM %s; serve clients through a security_invoker view or a table with RLS instead.',
                                  n.nspname, c.relname, clients.names)
       END AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(r.rolname), ', ' ORDER BY r.rolname) AS names
    FROM pg_catalog.pg_roles r
    WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
      AND pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
) AS clients
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND clients.names IS NOT NULL
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND (c.relkind = 'm'
       OR NOT EXISTS (SELECT FROM pg_catalog.unnest(c.reloptions) AS o(opt)
                      WHERE o.opt ~* '^security_invoker=(t|tr|tru|true|y|ye|yes|on|1)$'))
ORDER BY 3
