-- table_without_primary_key (WARN)
-- A table of app or app_private without a primary key: rows cannot be addressed reliably,
-- logical replication cannot apply UPDATE/DELETE, and foreign keys cannot point at it.
-- Partitions are left out (they inherit the partitioned table's key).
SELECT 'table_without_primary_key' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('table %I.%I has no primary key', n.nspname, c.relname) AS detail,
       CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
            THEN pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I PRIMARY KEY (tenant_id, id);  (tenant tables: the key leads with tenant_id)',
                                   n.nspname, c.relname, c.relname || '_pkey')
            ELSE pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I PRIMARY KEY (id);', n.nspname, c.relname, c.relname || '_pkey')
       END AS remediation
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint con WHERE con.conrelid = c.oid AND con.contype = 'p')
ORDER BY 3
