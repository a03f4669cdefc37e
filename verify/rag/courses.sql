-- Verify tenantdb:rag/courses on pg
BEGIN;

SELECT tenant_id, id, code, name, description, semester, created_at, updated_at FROM app.courses WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.courses'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.courses'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
