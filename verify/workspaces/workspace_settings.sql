-- Verify tenantdb:workspaces/workspace_settings on pg
BEGIN;

SELECT tenant_id, id, workspace_id, setting_key, setting_value, created_at, updated_at FROM app.workspace_settings WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workspace_settings'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workspace_settings'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
