-- Verify tenantdb:integrations/sync_logs on pg
BEGIN;

SELECT tenant_id, id, workspace_id, artifact_id, connection_id, operation_type, service_type, status,
       operation_details, error_message, created_at
FROM app.sync_logs WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.sync_logs'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.sync_logs'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
