-- Revert tenantdb:perf/documents_newest_covering_index from pg
-- Back to documents_course_created_idx (tenant_id, course_id, created_at DESC).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX documents_course_created_idx ON app.documents (tenant_id, course_id, created_at DESC);
COMMENT ON INDEX app.documents_course_created_idx IS 'Documents of a course, newest first (the enrollment policy filters by course); covers the course foreign key.';
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.documents_course_newest_idx;

COMMIT;
