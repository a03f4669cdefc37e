-- tenant_id_without_tenant_foreign_key (WARN)
-- A tenant table whose tenant_id does not reference app.tenants (id) by a foreign key of its own.
-- Rows can then belong to a tenant that does not exist (or no longer does), and deleting or
-- archiving a tenant cannot find them through the catalog. Composite keys to other tenant tables
-- do not replace it: they say nothing when the table has none.
-- Partitions are left out (they inherit the partitioned table's foreign keys).
SELECT 'tenant_id_without_tenant_foreign_key' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I.tenant_id', n.nspname, c.relname) AS object,
       pg_catalog.format('tenant_id of %I.%I does not reference app.tenants (id): rows can name a tenant that does not exist',
                         n.nspname, c.relname) AS detail,
       pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I FOREIGN KEY (tenant_id) REFERENCES app.tenants (id);  (the primary key (tenant_id, id) covers it)',
                         n.nspname, c.relname, c.relname || '_tenant_fkey') AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute t ON t.attrelid = c.oid AND t.attname = 'tenant_id' AND t.attnum > 0 AND NOT t.attisdropped
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint con
                  WHERE con.conrelid = c.oid
                    AND con.contype = 'f'
                    AND con.conkey = ARRAY[t.attnum]
                    AND con.confrelid = pg_catalog.to_regclass('app.tenants'))
ORDER BY 3
