-- Revert tenantdb:conversations/share_links from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DROP FUNCTION app.open_shared_conversation(text);
DROP TRIGGER conversations_share_link_sync ON app.conversations;
DROP FUNCTION app_private.sync_conversation_share_link();
DROP TABLE app_private.conversation_share_links;

COMMIT;
