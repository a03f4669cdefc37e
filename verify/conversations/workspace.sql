-- Verify tenantdb:conversations/workspace on pg
BEGIN;

SELECT workspace_id FROM app.conversations WHERE false;
SELECT 1 / count(*)::int FROM pg_catalog.pg_constraint WHERE conname = 'conversations_workspace_fkey';
SELECT 1 / count(*)::int FROM pg_catalog.pg_trigger
WHERE tgname = 'check_conversation_workspace' AND tgrelid = 'app.conversations'::regclass;
SELECT 1 / has_column_privilege('tenantdb_app', 'app.conversations', 'workspace_id', 'UPDATE')::int;
SELECT 'app.conversations_workspace_idx'::regclass;

ROLLBACK;
