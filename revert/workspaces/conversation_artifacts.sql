-- Revert tenantdb:workspaces/conversation_artifacts from pg
BEGIN;

DROP TABLE app.conversation_artifacts;
ALTER TABLE app.messages DROP CONSTRAINT messages_conversation_key;

COMMIT;
