-- Revert tenantdb:conversations/workspace from pg
-- Drops the column with its key, index and trigger: conversations lose their workspace (their
-- messages fall back to the tenant's chat_history_days).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DROP TRIGGER check_conversation_workspace ON app.conversations;
DROP FUNCTION app_private.check_conversation_workspace();
DROP INDEX app.conversations_workspace_idx;
ALTER TABLE app.conversations DROP COLUMN workspace_id;

COMMIT;
