-- Deploy tenantdb:security/extensions_schema to pg
-- The extensions citext and vector move out of public into their own schema, extensions: public
-- holds nothing of the product, and what a reviewer finds in public was put there by someone
-- else. Columns, indexes, policies, views and SQL-standard function bodies refer to the types
-- and operators by OID and keep working; what names them in text is rewritten here
-- (app.search_chunks: PL/pgSQL, resolved at run time). Every role may use the schema, nobody but
-- its owner (the deploying superuser) may create in it. The database's default search_path gets
-- extensions after public, so client SQL that writes `embedding <=> $1` or compares citext
-- values unqualified keeps resolving the extensions' operators (without it, a citext comparison
-- would silently fall back to case-sensitive text equality). Code of this project qualifies:
-- extensions.vector, OPERATOR(extensions.<=>).
BEGIN;

CREATE SCHEMA extensions;
COMMENT ON SCHEMA extensions IS
    'Extensions of the product (citext, vector): types, operators and functions only. Every role may use them; only the owner creates here.';
GRANT USAGE ON SCHEMA extensions TO PUBLIC;

-- Deliberate: clients keep resolving the types and operators through the database's search_path
-- (below); the project's own code names extensions.* (see the header); hence:
-- squawk-ignore ban-set-schema
ALTER EXTENSION citext SET SCHEMA extensions;
-- squawk-ignore ban-set-schema
ALTER EXTENSION vector SET SCHEMA extensions;

DO $search_path$
BEGIN
    EXECUTE pg_catalog.format('ALTER DATABASE %I SET search_path = "$user", public, extensions', pg_catalog.current_database());
END
$search_path$;

-- Load pgvector's library in this session, so its settings (hnsw.*) are known (see rag/search_chunks).
DO $load$ BEGIN PERFORM '[0]'::extensions.vector; END $load$;

SET LOCAL ROLE tenantdb_owner;

CREATE OR REPLACE FUNCTION app.search_chunks(query extensions.vector, k integer DEFAULT 10)
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
               (c.embedding OPERATOR(extensions.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY c.embedding OPERATOR(extensions.<=>) query
        LIMIT k
    ), enough AS (
        SELECT pg_catalog.count(*) >= k AS ok FROM approximate
    ), exact AS MATERIALIZED (
        -- "+ 0" hides the ordering from the HNSW index: an exact top-k of the visible chunks.
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(extensions.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY (c.embedding OPERATOR(extensions.<=>) query) + 0
        LIMIT k
    )
    SELECT a.id, a.document_id, a.chunk_id, a.content, a.distance FROM approximate a WHERE (SELECT ok FROM enough)
    UNION ALL
    SELECT e.id, e.document_id, e.chunk_id, e.content, e.distance FROM exact e WHERE NOT (SELECT ok FROM enough)
    ORDER BY 5, 1;
END
$function$;
COMMENT ON FUNCTION app.search_chunks(extensions.vector, integer) IS
    'The k nearest chunks (cosine distance) to the query embedding, within the caller''s tenant and visibility (RLS applies). HNSW with iterative scans; an exact search answers when the index finds fewer than k, so k rows come back whenever the caller can see k chunks.';

COMMIT;
