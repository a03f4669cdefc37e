-- Verify tenantdb:workspaces/workspace_configs on pg
BEGIN;

SELECT tenant_id, id, workspace_id, config_type, config, created_at, updated_at FROM app.workspace_configs WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workspace_configs'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workspace_configs'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
