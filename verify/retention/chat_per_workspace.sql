-- Verify tenantdb:retention/chat_per_workspace on pg
BEGIN;

SELECT workspace_parent_table, workspace_parent_column FROM archive.retention_targets WHERE false;
SELECT 1 / count(*)::int FROM archive.retention_targets
WHERE table_name = 'app.messages' AND workspace_parent_table = 'app.conversations'
  AND workspace_parent_column = 'conversation_id' AND workspace_column = 'workspace_id';

ROLLBACK;
