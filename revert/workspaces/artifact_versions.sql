-- Revert tenantdb:workspaces/artifact_versions from pg
BEGIN;

DROP TABLE app.artifact_versions;

COMMIT;
