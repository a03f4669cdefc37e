-- Verify tenantdb:rag/search_chunks on pg
BEGIN;

SELECT 1 / (NOT prosecdef)::int FROM pg_catalog.pg_proc WHERE oid = 'app.search_chunks(public.vector, integer)'::regprocedure;

ROLLBACK;
