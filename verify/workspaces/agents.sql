-- Verify tenantdb:workspaces/agents on pg
BEGIN;

SELECT tenant_id, id, workspace_id, name, agent_role, model, instructions, is_active, created_at, updated_at FROM app.agents WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.agents'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.agents'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
