-- Verify tenantdb:integrations/workspace_integrations on pg
BEGIN;

SELECT tenant_id, id, workspace_id, connection_id, integration_status, last_sync_at, sync_metadata, created_at, updated_at FROM app.workspace_integrations WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.workspace_integrations'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.workspace_integrations'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
