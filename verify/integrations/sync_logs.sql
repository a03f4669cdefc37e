-- Verify tenantdb:integrations/sync_logs on pg
BEGIN;

SELECT tenant_id, id, connection_id, artifact_id, direction, outcome, items_synced, message, created_at
FROM app.sync_logs WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.sync_logs'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.sync_logs'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
