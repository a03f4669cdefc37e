-- Verify tenantdb:rag/enrollments on pg
BEGIN;

SELECT tenant_id, id, user_id, course_id, enrolled_at FROM app.enrollments WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.enrollments'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.enrollments'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
