-- Revert tenantdb:conversations/conversations from pg
BEGIN;

DROP TABLE app.conversations;

COMMIT;
