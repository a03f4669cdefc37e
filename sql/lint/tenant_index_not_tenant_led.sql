-- tenant_index_not_tenant_led (ERROR)
-- An index of a tenant table whose first key column is not tenant_id. A scan of it reaches every
-- tenant's entries and RLS removes the other tenants' rows afterwards, as a filter: a client
-- that forces the plan (enable_seqscan = off, ...) reads "Rows Removed by Filter" in EXPLAIN
-- ANALYZE and so counts another tenant's rows per key range (sessions per expiry window, ...).
-- When tenant_id leads, the tenant_isolation policy is an index condition and another tenant's
-- entries are never visited. Cross-tenant jobs (cleanup, retention, key rotation) do not need a
-- global index: PostgreSQL 18's B-tree skip scan serves (tenant_id, x) for a condition on x.
-- GIN and GiST can lead with it through btree_gin / btree_gist, which give uuid an equality
-- operator class: GIN (tenant_id, cognitive_profile jsonb_path_ops) reads only the tenant's
-- entries, where GIN (cognitive_profile) reads, and EXPLAIN ANALYZE counts, every tenant's matches
-- (sql/bench/candidate_indexes.sql). Index methods that cannot lead with tenant_id (the HNSW index
-- of embeddings) go to the allowlist with the bound that docs/security.md measures.
SELECT 'tenant_index_not_tenant_led' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I (index %I)', n.nspname, c.relname, ic.relname) AS object,
       pg_catalog.format('index %I of tenant table %I.%I leads with %s, not tenant_id: scanning it visits every tenant''s rows, and EXPLAIN ANALYZE counts the ones RLS removes',
                         ic.relname, n.nspname, c.relname,
                         COALESCE((SELECT pg_catalog.quote_ident(a.attname) FROM pg_catalog.pg_attribute a
                                   WHERE a.attrelid = c.oid AND a.attnum = i.indkey[0]), 'an expression')) AS detail,
       CASE WHEN am.amname IN ('gin', 'gist')
            THEN pg_catalog.format('Lead it with the tenant: CREATE EXTENSION IF NOT EXISTS btree_%s; CREATE INDEX ... ON %I.%I USING %s (tenant_id, ...); then DROP INDEX %I.%I;  (btree_%s gives uuid an equality operator class)',
                                   am.amname, n.nspname, c.relname, am.amname, n.nspname, ic.relname, am.amname)
            ELSE pg_catalog.format('Lead it with the tenant: CREATE INDEX ... ON %I.%I (tenant_id, ...); then DROP INDEX %I.%I;  (skip scan serves cross-tenant jobs)',
                                   n.nspname, c.relname, n.nspname, ic.relname)
       END AS remediation
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute t ON t.attrelid = c.oid AND t.attname = 'tenant_id' AND t.attnum > 0 AND NOT t.attisdropped
WHERE n.nspname IN ('app', 'app_private')
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND i.indkey[0] <> t.attnum
ORDER BY 3
