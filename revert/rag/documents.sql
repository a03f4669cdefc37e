-- Revert tenantdb:rag/documents from pg
BEGIN;

DROP TABLE app.documents;

COMMIT;
