-- Privileges on product tables and views, per grantee: table-wide (column IS NULL) and per column.
-- A NULL ACL means the owner's default privileges only, and is listed as nothing granted.
SELECT c.oid::regclass::text AS qualified,
       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END AS grantee,
       g.privilege_type AS privilege,
       NULL::text AS column_name,
       g.is_grantable AS grantable
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS g
WHERE n.nspname = ANY (%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm')
  AND NOT c.relispartition  -- monthly partitions (named by date) are shown by their parent, docs/partitions.md
UNION ALL
SELECT c.oid::regclass::text,
       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END,
       g.privilege_type,
       a.attname::text,
       g.is_grantable
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) AS g
WHERE n.nspname = ANY (%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
  AND NOT c.relispartition  -- monthly partitions (named by date) are shown by their parent, docs/partitions.md
ORDER BY 1, 2, 3, 4;
