-- Row-level security policies of the product tables. Roles: PUBLIC for polroles = {0}.
-- Expressions are pretty-printed by the server (pg_get_expr(..., true)).
SELECT p.polrelid::regclass::text AS qualified,
       p.polname AS name,
       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
       p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
             FROM unnest(p.polroles) AS r(oid) ORDER BY 1) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) AS using_expr,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) AS check_expr,
       pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (%(schemas)s)
  AND NOT c.relispartition  -- monthly partitions (named by date) are shown by their parent, docs/partitions.md
ORDER BY n.nspname, c.relname, p.polname;
