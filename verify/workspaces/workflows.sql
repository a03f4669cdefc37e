-- Verify tenantdb:workspaces/workflows on pg
BEGIN;

SELECT tenant_id, id, workspace_id, name, description, status, created_at, updated_at FROM app.workflows WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workflows'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workflows'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
