-- Revert tenantdb:rag/views from pg
BEGIN;

DROP VIEW app.v_user_interactions;
DROP VIEW app.v_rag_chunks;
DROP VIEW app.v_rag_documents;

COMMIT;
