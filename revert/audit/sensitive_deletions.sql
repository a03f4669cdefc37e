-- Revert tenantdb:audit/sensitive_deletions from pg
BEGIN;

DROP TRIGGER audit_sensitive_deletion ON app.interactions;
DROP TRIGGER audit_sensitive_deletion ON app.documents;
DROP TRIGGER audit_sensitive_deletion ON app.messages;
DROP TRIGGER audit_sensitive_deletion ON app.conversations;
DROP TRIGGER audit_sensitive_deletion ON app.learner_profiles;
DROP TRIGGER audit_sensitive_deletion ON app.users;

COMMIT;
