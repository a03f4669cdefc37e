-- Revert tenantdb:audit/triggers from pg
BEGIN;

DROP TRIGGER audit_deletion ON app.sync_logs;
DROP TRIGGER audit_deletion ON app.artifact_versions;
DROP TRIGGER audit_deletion ON app.artifacts;
DROP TRIGGER audit_deletion ON app.workspaces;
DROP TRIGGER audit_credential_change ON app.external_connections;
DROP TRIGGER audit_membership_change ON app.workspace_members;
DROP TRIGGER audit_role_change ON app.users;

COMMIT;
