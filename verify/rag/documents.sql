-- Verify tenantdb:rag/documents on pg
BEGIN;

SELECT tenant_id, id, course_id, title, file_path, content_type, created_at, updated_at FROM app.documents WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.documents'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.documents'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
