-- Deploy tenantdb:perf/documents_newest_covering_index to pg
-- documents_course_created_idx (tenant_id, course_id, created_at DESC) becomes
-- documents_course_newest_idx (tenant_id, course_id, created_at DESC, id) INCLUDE (title): the
-- same key, then the query's tie-breaker and the title. The documents workloads read it without
-- the table (index-only scans, where the visibility map is current):
--   * a student's newest readings of a course (app.v_rag_documents ... ORDER BY created_at DESC,
--     id): the course's entries only (largest tenant of a 300-tenant, 3M-row bench load: 181
--     buffers -> 8);
--   * a student's title search (title ILIKE, which no index can serve and which the select policy
--     keeps above its own filter): the tenant's entries instead of its heap pages (22 -> 12).
-- The select policy is unchanged: it is still course_id = ANY (enrolled) OR <staff role>, a
-- filter over the tenant's entries (docs/benchmarks-analysis.md, "Session 5", for the two
-- rewrites measured and not landed). Built in the change's transaction (19,400 documents at the
-- bench's full size: well under a second); on a live database with many documents build it
-- CONCURRENTLY by hand first. On Citus the index is created and dropped like any other (Citus
-- propagates CREATE INDEX to the shards).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX documents_course_newest_idx ON app.documents (tenant_id, course_id, created_at DESC, id) INCLUDE (title);
COMMENT ON INDEX app.documents_course_newest_idx IS
    'Documents of a course, newest first, with their title: a student''s newest readings and title search read the index alone; covers the course foreign key.';
-- Replaced by the index above (its key is this one's key plus id); hence:
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.documents_course_created_idx;

COMMIT;
