-- Candidate indexes of tenantdb bench (never part of the Sqitch plan): the indexes a team would
-- add for the search workloads (jsonb containment, full-text search). tenantdb bench load builds
-- them after the schema's own indexes, so the plans show whether PostgreSQL can still use them
-- when row-level security adds its quals (operators that are not leakproof cannot be pushed below
-- the policies' quals, so an index on them alone may be dropped). Skipped where the schema already
-- has an index on the same expression.
CREATE INDEX IF NOT EXISTS bench_candidate_learner_profiles_cognitive_gin
    ON app.learner_profiles USING gin (cognitive_profile jsonb_path_ops);
COMMENT ON INDEX app.bench_candidate_learner_profiles_cognitive_gin IS
    'tenantdb bench only: GIN (jsonb_path_ops) on cognitive_profile for the jsonb @> workload.';
CREATE INDEX IF NOT EXISTS bench_candidate_document_chunks_fts_gin
    ON app.document_chunks USING gin (to_tsvector('english'::regconfig, content));
COMMENT ON INDEX app.bench_candidate_document_chunks_fts_gin IS
    'tenantdb bench only: GIN on the English tsvector of chunk texts for the full-text workload.';
