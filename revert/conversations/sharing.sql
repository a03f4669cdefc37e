-- Revert tenantdb:conversations/sharing from pg
BEGIN;

DROP FUNCTION app.read_shared_conversation(text);
DROP FUNCTION app_private.shared_conversation_messages(text);
DROP POLICY messages_select_for_definer ON app.messages;
DROP POLICY conversations_select_for_definer ON app.conversations;
DROP FUNCTION app.share_conversation(uuid);

COMMIT;
