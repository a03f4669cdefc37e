-- Revert tenantdb:rag/interactions from pg
BEGIN;

DROP TABLE app.interactions;

COMMIT;
