-- Verify tenantdb:learning/concepts on pg
BEGIN;

SELECT tenant_id, id, name, description, course_contexts, created_at, updated_at
FROM app.concepts WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.concepts'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.concepts'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
