-- Revert tenantdb:perf/search_chunks_tenant_once from pg
-- Back to rag/search_chunks' body: the tenant accessor in each query, PL/pgSQL's plan caching.
-- CREATE OR REPLACE keeps the SET list it is given, so plan_cache_mode goes with the old body.
BEGIN;

DO $load$ BEGIN PERFORM '[0]'::public.vector; END $load$;

SET LOCAL ROLE tenantdb_owner;

CREATE OR REPLACE FUNCTION app.search_chunks(query public.vector, k integer DEFAULT 10)
RETURNS TABLE (chunk_uuid uuid, document_id uuid, chunk_id integer, content text, distance double precision)
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
SET hnsw.iterative_scan = 'relaxed_order'
SET hnsw.ef_search = '100'
AS $function$
BEGIN
    IF k IS NULL OR k < 1 OR k > 1000 THEN
        RAISE EXCEPTION 'k must be between 1 and 1000, not %', coalesce(k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the k nearest chunks, e.g. app.search_chunks(query, 10).';
    END IF;
    RETURN QUERY
    WITH approximate AS MATERIALIZED (
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY c.embedding OPERATOR(public.<=>) query
        LIMIT k
    ), enough AS (
        SELECT pg_catalog.count(*) >= k AS ok FROM approximate
    ), exact AS MATERIALIZED (
        -- "+ 0" hides the ordering from the HNSW index: an exact top-k of the visible chunks.
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY (c.embedding OPERATOR(public.<=>) query) + 0
        LIMIT k
    )
    SELECT a.id, a.document_id, a.chunk_id, a.content, a.distance FROM approximate a WHERE (SELECT ok FROM enough)
    UNION ALL
    SELECT e.id, e.document_id, e.chunk_id, e.content, e.distance FROM exact e WHERE NOT (SELECT ok FROM enough)
    ORDER BY 5, 1;
END
$function$;
COMMENT ON FUNCTION app.search_chunks(public.vector, integer) IS
    'The k nearest chunks (cosine distance) to the query embedding, within the caller''s tenant and visibility (RLS applies). HNSW with iterative scans; an exact search answers when the index finds fewer than k, so k rows come back whenever the caller can see k chunks.';

COMMIT;
