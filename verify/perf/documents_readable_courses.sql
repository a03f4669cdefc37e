-- Verify tenantdb:perf/documents_readable_courses on pg
-- The documents select policy compares course_id with the readable course ids, no OR (plain PostgreSQL).
BEGIN;

-- Two invoker functions with SQL-standard bodies (none on Citus).
SELECT 1 / (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
            OR (SELECT count(*) FROM pg_catalog.pg_proc p
                WHERE p.pronamespace = 'app_private'::regnamespace AND p.proname IN ('readable_course_ids', 'tenant_course_ids')
                  AND NOT p.prosecdef AND p.prosqlbody IS NOT NULL) = 2)::int;

SELECT 1 / count(*)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.documents'::regclass AND p.polname = 'documents_select_app'
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR (pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%readable_course_ids%'
           AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) NOT LIKE '% OR %'));

ROLLBACK;
