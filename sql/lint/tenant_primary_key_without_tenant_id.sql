-- tenant_primary_key_without_tenant_id (ERROR)
-- A tenant table whose primary key does not include tenant_id. Foreign keys from other tenant
-- tables then cannot carry tenant_id, so a row can point at another tenant's row; the key is
-- global, so a key taken in one tenant is detectable from another; and the table cannot be
-- distributed by tenant_id (Citus needs the distribution column in every key).
SELECT 'tenant_primary_key_without_tenant_id' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I (constraint %I)', n.nspname, c.relname, con.conname) AS object,
       pg_catalog.format('primary key %I of tenant table %I.%I is (%s), without tenant_id: foreign keys to it cannot stay inside one tenant',
                         con.conname, n.nspname, c.relname,
                         (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord)
                          FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)) AS detail,
       pg_catalog.format('Make it PRIMARY KEY (tenant_id, id): ALTER TABLE %I.%I DROP CONSTRAINT %I, ADD CONSTRAINT %I PRIMARY KEY (tenant_id, id);',
                         n.nspname, c.relname, con.conname, con.conname) AS remediation
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute t ON t.attrelid = c.oid AND t.attname = 'tenant_id' AND t.attnum > 0 AND NOT t.attisdropped
WHERE con.contype = 'p'
  AND con.conparentid = 0
  AND n.nspname IN ('app', 'app_private')
  AND NOT t.attnum = ANY (con.conkey)
ORDER BY 3
