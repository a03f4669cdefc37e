-- Verify tenantdb:rag/current_course_ids on pg
BEGIN;

SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.current_course_ids()'::regprocedure;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.courses'::regclass AND polname = 'courses_select_app';

ROLLBACK;
