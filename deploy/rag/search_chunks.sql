-- Deploy tenantdb:rag/search_chunks to pg
-- The k nearest chunks to a query vector, within the caller's tenant and what the caller may
-- see (invoker: RLS applies), assisted by the HNSW index.
-- The trap: an approximate index scan returns the ef_search nearest chunks of ALL tenants and
-- RLS filters afterwards, so a small tenant next to big ones gets fewer than k rows. Two
-- defences: (1) pgvector 0.8's iterative index scan (hnsw.iterative_scan = relaxed_order) keeps
-- scanning until k rows pass the filters (up to hnsw.max_scan_tuples); (2) when that still
-- yields fewer than k, an exact search over the caller's visible chunks of the tenant (read
-- through the tenant-led btree index) answers instead. So k rows come back whenever k exist.
BEGIN;

-- Load pgvector's library in this session, so its settings (hnsw.*) are known: a function's
-- SET of a setting that is still a placeholder is refused to non-superusers such as the owner.
SELECT '[0]'::public.vector;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app.search_chunks(query public.vector, k integer DEFAULT 10)
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
REVOKE ALL ON FUNCTION app.search_chunks(public.vector, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.search_chunks(public.vector, integer) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
