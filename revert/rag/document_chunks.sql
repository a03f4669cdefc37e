-- Revert tenantdb:rag/document_chunks from pg
BEGIN;

DROP TABLE app.document_chunks;
DROP FUNCTION app_private.document_chunks_fill_course();

COMMIT;
