-- Revert tenantdb:conversations/messages from pg
BEGIN;

DROP TABLE app.messages;
DROP FUNCTION app_private.messages_fill_owner();

COMMIT;
