-- Verify tenantdb:retention/policies on pg
BEGIN;

SELECT tenant_id, id, workspace_id, chat_history_days, artifact_versions_to_keep, interactions_days,
       sync_logs_days, created_at, updated_at
FROM app.retention_policies WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.retention_policies'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.retention_policies'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
