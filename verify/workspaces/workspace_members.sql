-- Verify tenantdb:workspaces/workspace_members on pg
BEGIN;

SELECT tenant_id, id, workspace_id, user_id, member_role, created_at, updated_at FROM app.workspace_members WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workspace_members'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workspace_members'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
