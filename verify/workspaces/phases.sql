-- Verify tenantdb:workspaces/phases on pg
BEGIN;

SELECT tenant_id, id, workflow_id, workspace_id, position, name, agent_id, status, created_at, updated_at FROM app.phases WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.phases'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.phases'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
