-- Verify tenantdb:workspaces/artifacts on pg
BEGIN;

SELECT tenant_id, id, workspace_id, created_by, name, artifact_type, file_path, status, github_sync_status,
       sharepoint_sync_status, metadata, created_at, updated_at
FROM app.artifacts WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.artifacts'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.artifacts'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
