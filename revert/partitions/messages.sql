-- Revert tenantdb:partitions/messages from pg
-- app.messages as a plain table again (every row kept), and the link key without created_at.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DROP TRIGGER conversation_artifacts_require_message_time ON app.conversation_artifacts;
DROP FUNCTION app_private.conversation_artifacts_require_message_time();
DROP TRIGGER conversation_artifacts_fill_message_time ON app.conversation_artifacts;
DROP FUNCTION app_private.conversation_artifacts_fill_message_time();
ALTER TABLE app.conversation_artifacts DROP CONSTRAINT conversation_artifacts_message_fkey;
DROP INDEX app.conversation_artifacts_message_idx;
ALTER TABLE app.conversation_artifacts DROP COLUMN message_created_at;
CREATE INDEX conversation_artifacts_message_idx ON app.conversation_artifacts (tenant_id, message_id, conversation_id);
COMMENT ON INDEX app.conversation_artifacts_message_idx IS 'Covers the message foreign key.';

SELECT app_private.rebuild_history_table('app.messages', NULL);

ALTER TABLE app.conversation_artifacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages NO FORCE ROW LEVEL SECURITY;
ALTER TABLE app.conversation_artifacts ADD CONSTRAINT conversation_artifacts_message_fkey FOREIGN KEY (tenant_id, message_id, conversation_id)
    REFERENCES app.messages (tenant_id, id, conversation_id) ON DELETE SET NULL (message_id);
COMMENT ON CONSTRAINT conversation_artifacts_message_fkey ON app.conversation_artifacts IS 'The message belongs to the linked conversation; deleting it keeps the link without the message.';
ALTER TABLE app.conversation_artifacts FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages FORCE ROW LEVEL SECURITY;

COMMIT;
