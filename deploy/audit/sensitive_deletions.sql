-- Deploy tenantdb:audit/sensitive_deletions to pg
-- Deletions of the sensitive tables are audited, one row per deleted row, whoever deletes
-- (people through the app role, services, the maintenance role) and however (directly or by
-- an ON DELETE CASCADE: row triggers fire for cascaded deletions too). The before image leaves
-- out the personal content (names, e-mail, message text, cognitive profiles, request and
-- response bodies): the audit row says what was deleted, by whom and when, and must not keep
-- the data the deletion removed. Retention runs stay one RETENTION summary per batch (the
-- trigger function skips per-row entries for them); a tenant erasure removes the tenant's log.
-- (Trigger name audit_sensitive_deletion, not audit_deletion: the landed verify of audit/triggers
-- counts the triggers named audit_deletion.)
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.users
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('email', 'display_name', 'sso_id', 'lti_user_id');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.users IS
    'Audits deleted people (id, role, dates; e-mail, name and external ids left out).';

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.learner_profiles
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('cognitive_profile', 'privacy_settings', 'lti_user_id');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.learner_profiles IS
    'Audits deleted learner profiles (ids and dates; the cognitive profile and privacy settings left out).';

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.conversations
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('title', 'share_token_sha256');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.conversations IS
    'Audits deleted conversations (ids, status, dates; title and share token left out).';

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.messages
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('content', 'citations', 'domains');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.messages IS
    'Audits deleted messages, also when a conversation''s deletion cascades (ids, role, tokens; content left out; retention runs are summarised instead).';

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.documents
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('title', 'file_path');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.documents IS
    'Audits deleted documents (ids, type, dates; title and path left out).';

CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.interactions
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('request_data', 'response_data');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.interactions IS
    'Audits deleted AI interactions (ids, service, latency; request and response bodies left out; retention runs are summarised instead).';

COMMIT;
