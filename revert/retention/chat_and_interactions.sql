-- Revert tenantdb:retention/chat_and_interactions from pg
BEGIN;

DROP INDEX app.messages_created_idx;
DELETE FROM archive.retention_targets WHERE table_name IN ('app.messages', 'app.interactions');

COMMIT;
