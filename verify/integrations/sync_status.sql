-- Verify tenantdb:integrations/sync_status on pg
BEGIN;

SELECT tenant_id, id, workspace_id, service_type, sync_state, last_synced_at, last_error, created_at, updated_at FROM app.sync_status WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.sync_status'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.sync_status'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
