-- Revert tenantdb:security/created_by_from_context from pg
BEGIN;

DROP TRIGGER created_by_from_context ON app.external_connections;
DROP TRIGGER created_by_from_context ON app.artifact_versions;
DROP TRIGGER created_by_from_context ON app.artifacts;
DROP TRIGGER created_by_from_context ON app.workspaces;
DROP FUNCTION app_private.fill_created_by_from_context();

COMMIT;
