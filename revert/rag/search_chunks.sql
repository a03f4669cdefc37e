-- Revert tenantdb:rag/search_chunks from pg
BEGIN;

DROP FUNCTION app.search_chunks(public.vector, integer);

COMMIT;
