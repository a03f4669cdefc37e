-- Deploy tenantdb:retention/chat_per_workspace to pg
-- A workspace's chat_history_days now applies: messages of a conversation that belongs to a
-- workspace (conversations/workspace) expire after that workspace's chat_history_days, and
-- fall back to the tenant's when the workspace sets none or the conversation has no workspace.
-- Messages carry no workspace themselves, so the registry learns to find it one join away:
-- workspace_parent_table / workspace_parent_column name the parent row (app.conversations by
-- messages.conversation_id) whose workspace_column holds the workspace.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- A registry of a few rows (one per retained table): validating the checks at once costs
-- nothing; hence the squawk-ignore lines below.
ALTER TABLE archive.retention_targets
    ADD COLUMN workspace_parent_table text,
    ADD COLUMN workspace_parent_column text,
    -- squawk-ignore constraint-missing-not-valid
    ADD CONSTRAINT retention_targets_workspace_parent_format
        CHECK (workspace_parent_table ~ '^app\.[a-z_][a-z0-9_]*$' AND workspace_parent_column ~ '^[a-z_][a-z0-9_]*$'),
    -- squawk-ignore constraint-missing-not-valid
    ADD CONSTRAINT retention_targets_workspace_parent_complete
        CHECK ((workspace_parent_table IS NULL) = (workspace_parent_column IS NULL)
               AND (workspace_parent_table IS NULL OR workspace_column IS NOT NULL));
COMMENT ON COLUMN archive.retention_targets.workspace_parent_table IS
    'When the table has no workspace column of its own: the parent table (app.x, keyed by tenant_id and id) whose workspace_column holds the workspace; NULL: workspace_column is the table''s own.';
COMMENT ON COLUMN archive.retention_targets.workspace_parent_column IS
    'Column of the table holding the parent row''s id (messages.conversation_id); set together with workspace_parent_table.';
COMMENT ON CONSTRAINT retention_targets_workspace_parent_format ON archive.retention_targets IS
    'A table of schema app and a plain column name.';
COMMENT ON CONSTRAINT retention_targets_workspace_parent_complete ON archive.retention_targets IS
    'Parent table and column are set together, and then workspace_column names the parent''s workspace column.';

UPDATE archive.retention_targets
SET workspace_column = 'workspace_id',
    workspace_parent_table = 'app.conversations',
    workspace_parent_column = 'conversation_id',
    note = 'Chat messages older than chat_history_days of their conversation''s workspace, else of the tenant.'
WHERE table_name = 'app.messages';

COMMIT;
