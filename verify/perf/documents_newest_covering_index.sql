-- Verify tenantdb:perf/documents_newest_covering_index on pg
-- The documents' newest-first index carries id and the title; the index it replaced is gone.
BEGIN;

SELECT 1 / (pg_catalog.pg_get_indexdef('app.documents_course_newest_idx'::regclass)
                LIKE '%(tenant_id, course_id, created_at DESC, id) INCLUDE (title)'
            AND pg_catalog.to_regclass('app.documents_course_created_idx') IS NULL)::int;

ROLLBACK;
