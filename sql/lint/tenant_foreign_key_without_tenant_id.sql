-- tenant_foreign_key_without_tenant_id (ERROR)
-- A foreign key from one tenant table to another that does not map tenant_id to tenant_id.
-- Then a row may reference a row of another tenant (a cross-tenant reference the policies never
-- see, since the key check runs without RLS), the insert's success or failure tells whether
-- another tenant's id exists, and the tables cannot be co-located by tenant_id on Citus.
-- Foreign keys to app.tenants (the tenant itself) are what tenant_id is for, and are not flagged.
SELECT 'tenant_foreign_key_without_tenant_id' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I (constraint %I)', n.nspname, c.relname, con.conname) AS object,
       pg_catalog.format('foreign key %I from tenant table %I.%I to tenant table %s does not pair tenant_id with tenant_id: a row can reference another tenant''s row',
                         con.conname, n.nspname, c.relname, con.confrelid::regclass) AS detail,
       pg_catalog.format('Make it composite: FOREIGN KEY (tenant_id, %s) REFERENCES %s (tenant_id, %s), with a matching unique key or primary key (tenant_id, ...) on the referenced table.',
                         (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord)
                          FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          WHERE a.attname <> 'tenant_id'),
                         con.confrelid::regclass,
                         (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord)
                          FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          WHERE a.attname <> 'tenant_id')) AS remediation
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute t ON t.attrelid = con.conrelid AND t.attname = 'tenant_id' AND t.attnum > 0 AND NOT t.attisdropped
JOIN pg_catalog.pg_attribute rt ON rt.attrelid = con.confrelid AND rt.attname = 'tenant_id' AND rt.attnum > 0 AND NOT rt.attisdropped
WHERE con.contype = 'f'
  AND con.conparentid = 0
  AND n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (SELECT FROM pg_catalog.generate_subscripts(con.conkey, 1) AS s(i)
                  WHERE con.conkey[s.i] = t.attnum AND con.confkey[s.i] = rt.attnum)
ORDER BY 3
