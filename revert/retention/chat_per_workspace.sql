-- Revert tenantdb:retention/chat_per_workspace from pg
-- Messages follow the tenant's chat_history_days only, as in retention/chat_and_interactions.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

ALTER TABLE archive.retention_targets
    DROP CONSTRAINT retention_targets_workspace_parent_complete,
    DROP CONSTRAINT retention_targets_workspace_parent_format,
    DROP COLUMN workspace_parent_column,
    DROP COLUMN workspace_parent_table;

UPDATE archive.retention_targets
SET workspace_column = NULL,
    note = 'Chat messages older than the tenant''s chat_history_days.'
WHERE table_name = 'app.messages';

COMMIT;
