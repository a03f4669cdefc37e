-- Deploy tenantdb:audit/triggers to pg
-- What is audited: role changes of people, membership changes, credential changes (the
-- ciphertext itself is left out of the images) and deletions of workspace content.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TRIGGER audit_role_change AFTER UPDATE OF role ON app.users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_role_change ON app.users IS 'Audits every change of a person''s role (who, old and new role).';

CREATE TRIGGER audit_membership_change AFTER INSERT OR UPDATE OR DELETE ON app.workspace_members
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_membership_change ON app.workspace_members IS 'Audits members joining, changing member role and leaving.';

CREATE TRIGGER audit_credential_change AFTER INSERT OR UPDATE OR DELETE ON app.external_connections
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('credential_ciphertext');
COMMENT ON TRIGGER audit_credential_change ON app.external_connections IS
    'Audits connections and credential changes (key id visible, ciphertext left out of the images).';

CREATE TRIGGER audit_deletion AFTER DELETE ON app.workspaces
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.workspaces IS 'Audits deleted workspaces.';

CREATE TRIGGER audit_deletion AFTER DELETE ON app.artifacts
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.artifacts IS 'Audits deleted artifacts.';

CREATE TRIGGER audit_deletion AFTER DELETE ON app.artifact_versions
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('content');
COMMENT ON TRIGGER audit_deletion ON app.artifact_versions IS 'Audits deleted versions (content left out; retention runs are summarised instead).';

CREATE TRIGGER audit_deletion AFTER DELETE ON app.sync_logs
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.sync_logs IS 'Audits deleted sync logs (retention runs are summarised instead).';

COMMIT;
