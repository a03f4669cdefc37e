-- Deploy tenantdb:perf/search_chunks_tenant_once to pg
-- app.search_chunks() reads the tenant once, into a PL/pgSQL variable, and plans each call for
-- that tenant. Before, its queries said `c.tenant_id = app.current_tenant_id()`. That accessor is
-- an inlinable SQL function, so in a user qual it became a CASE expression (binding check,
-- pg_has_role, regular expression) evaluated for every row read, and the planner could not
-- estimate the tenant's share of the chunks: under RLS, where the policies add
-- `tenant_id = (InitPlan)` too, it expected 114 rows of a tenant that has 2,272 and chose to read
-- the tenant's chunks through the btree and sort them all by distance instead of the HNSW index
-- (15 ms per call for the largest tenant, growing with it; EXPLAIN ANALYZE in
-- docs/benchmarks-analysis.md). With the tenant a known value the policies' tenant check becomes a
-- one-time filter (it is the same equivalence class), the statistics give the tenant's real
-- share, and the planner picks HNSW for a big tenant and an exact read for a small one.
-- plan_cache_mode = force_custom_plan keeps that choice per call: a generic plan (PL/pgSQL's
-- default after five calls) would plan one shape for every tenant size again.
-- The exact fallback is its own statement, planned and run only when the index finds fewer than
-- k rows (before, both were CTEs of one statement, so every call planned both under the policies).
-- Isolation does not move: still SECURITY INVOKER, so the caller's policies apply as before, and
-- the explicit tenant filter is the caller's own current_tenant_id() (fails without a context).
BEGIN;

-- Load pgvector's library in this session, so its settings (hnsw.*) are known (see rag/search_chunks).
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
SET plan_cache_mode = 'force_custom_plan'
AS $function$
DECLARE
    -- Once per call, not per row; the statements below are planned for this tenant.
    tenant constant uuid := app.current_tenant_id();
    ids uuid[];
    document_ids uuid[];
    chunk_ids integer[];
    contents text[];
    distances double precision[];
BEGIN
    IF k IS NULL OR k < 1 OR k > 1000 THEN
        RAISE EXCEPTION 'k must be between 1 and 1000, not %', coalesce(k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the k nearest chunks, e.g. app.search_chunks(query, 10).';
    END IF;
    -- The approximate top k (HNSW, iterative scan): one statement under the caller's policies.
    SELECT pg_catalog.array_agg(a.id), pg_catalog.array_agg(a.document_id), pg_catalog.array_agg(a.chunk_id),
           pg_catalog.array_agg(a.content), pg_catalog.array_agg(a.distance)
    INTO ids, document_ids, chunk_ids, contents, distances
    FROM (
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = tenant
        ORDER BY c.embedding OPERATOR(public.<=>) query
        LIMIT k
    ) a;
    IF pg_catalog.cardinality(ids) >= k THEN
        RETURN QUERY
        SELECT r.id, r.document_id, r.chunk_id, r.content, r.distance
        FROM unnest(ids, document_ids, chunk_ids, contents, distances) AS r (id, document_id, chunk_id, content, distance)
        ORDER BY 5, 1;
        RETURN;
    END IF;
    -- Fewer than k (a small tenant next to big ones, or max_scan_tuples reached): the exact top k
    -- of the visible chunks; planned and run only then. "+ 0" hides the ordering from the HNSW index.
    RETURN QUERY
    SELECT c.id, c.document_id, c.chunk_id, c.content,
           (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
    FROM app.document_chunks c
    WHERE c.tenant_id = tenant
    ORDER BY (c.embedding OPERATOR(public.<=>) query) + 0, c.id
    LIMIT k;
END
$function$;
COMMENT ON FUNCTION app.search_chunks(public.vector, integer) IS
    'The k nearest chunks (cosine distance) to the query embedding, within the caller''s tenant and visibility (RLS applies). The tenant is read once per call and each call is planned for it: HNSW with iterative scans for a tenant with many chunks, an exact read of a small tenant''s; an exact search answers when the index finds fewer than k, so k rows come back whenever the caller can see k chunks.';

COMMIT;
