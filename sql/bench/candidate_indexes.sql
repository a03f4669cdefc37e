-- Candidate indexes of tenantdb bench (never part of the Sqitch plan): the indexes a team would
-- add for the search workloads (jsonb containment, full-text search). tenantdb bench load builds
-- them after the schema's own indexes, so the plans show whether PostgreSQL can still use them
-- when row-level security adds its quals (operators that are not leakproof cannot be pushed below
-- the policies' quals, so an index on them alone may be dropped). Skipped where the schema already
-- has an index on the same expression.
--
-- Both lead with tenant_id, as lint tenant_index_not_tenant_led asks of every index of a tenant
-- table (session 9): btree_gin gives GIN an equality operator class for uuid, so the tenant is a
-- key of the index next to the search term and a scan reads only the tenant's entries. A GIN
-- index on the search term alone reads every tenant's matches (a cohort's posting list spans all
-- tenants, so a tenant's search got slower as tenants were added: 1,000/10-tenant ratio 1.49),
-- and EXPLAIN ANALYZE of its Bitmap Index Scan counts them, other tenants' rows included.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS bench_candidate_learner_profiles_cognitive_gin
    ON app.learner_profiles USING gin (tenant_id, cognitive_profile jsonb_path_ops);
COMMENT ON INDEX app.bench_candidate_learner_profiles_cognitive_gin IS
    'tenantdb bench only: GIN on (tenant_id (btree_gin), cognitive_profile jsonb_path_ops) for the jsonb @> workload.';
CREATE INDEX IF NOT EXISTS bench_candidate_document_chunks_fts_gin
    ON app.document_chunks USING gin (tenant_id, to_tsvector('english'::regconfig, content));
COMMENT ON INDEX app.bench_candidate_document_chunks_fts_gin IS
    'tenantdb bench only: GIN on (tenant_id (btree_gin), the English tsvector of chunk texts) for the full-text workload.';
