-- Verify tenantdb:workspaces/artifact_versions on pg
BEGIN;

SELECT tenant_id, id, artifact_id, workspace_id, version_number, content, change_note, created_by, created_at
FROM app.artifact_versions WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.artifact_versions'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.artifact_versions'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
