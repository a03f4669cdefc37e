-- Verify tenantdb:workspaces/workspaces on pg
BEGIN;

SELECT tenant_id, id, name, description, created_by, created_at, updated_at FROM app.workspaces WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workspaces'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workspaces'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
