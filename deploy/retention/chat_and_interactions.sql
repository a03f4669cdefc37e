-- Deploy tenantdb:retention/chat_and_interactions to pg
-- Chat messages and AI interactions expire like sync logs: one registry row each in
-- archive.retention_targets, read by `tenantdb retention run`, which archives then deletes rows
-- older than the tenant's chat_history_days / interactions_days (app.retention_policies).
-- Conversations have no workspace, so the tenant's policy applies (no per-workspace override).
BEGIN;

INSERT INTO archive.retention_targets
    (table_name, retention_rule, policy_column, age_column, group_column, order_column, workspace_column, note)
VALUES
    ('app.messages', 'max_age', 'chat_history_days', 'created_at', NULL, NULL, NULL,
     'Chat messages older than the tenant''s chat_history_days.'),
    ('app.interactions', 'max_age', 'interactions_days', 'created_at', NULL, NULL, NULL,
     'AI interactions older than the tenant''s interactions_days.');

SET LOCAL ROLE tenantdb_owner;

-- Built in the change's transaction (CONCURRENTLY cannot run in one): on a live database with
-- a large app.messages, build it CONCURRENTLY by hand first, then deploy; hence:
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX messages_created_idx ON app.messages (tenant_id, created_at);
COMMENT ON INDEX app.messages_created_idx IS
    'Retention cut-off: a tenant''s messages older than chat_history_days, oldest first, without reading every conversation.';

COMMIT;
