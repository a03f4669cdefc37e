-- Verify tenantdb:perf/course_content_index_condition on pg
-- Documents and chunks are read by one course-id comparison, no OR (plain PostgreSQL).
BEGIN;

SELECT 1 / (NOT p.prosecdef)::int FROM pg_catalog.pg_proc p WHERE p.oid = 'app_private.readable_course_ids()'::regprocedure;

SELECT 1 / (count(*) = 2)::int FROM pg_catalog.pg_policy p
WHERE p.polname IN ('documents_select_app', 'document_chunks_select_app')
  AND p.polrelid IN ('app.documents'::regclass, 'app.document_chunks'::regclass)
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR (pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%readable_course_ids()%'
           AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) NOT LIKE '% OR %'));

ROLLBACK;
