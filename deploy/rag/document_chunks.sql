-- Deploy tenantdb:rag/document_chunks to pg
-- Chunks of documents with their embeddings (the source's vector_metadata, plus the vector it
-- describes). Each chunk carries its document's course (composite foreign key, filled in by a
-- trigger when the writer leaves it out), so the enrollment policy compares a column with the
-- acting person's course ids instead of joining the document for every row.
-- Embeddings are vector(384): the size of common sentence-embedding models (all-MiniLM-L6-v2,
-- bge-small, e5-small), small enough for HNSW to stay in memory on modest hardware. A model of
-- another size needs a change that alters the column and rebuilds the index.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.document_chunks (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL,
    course_id uuid NOT NULL,
    -- the chunk number within its document: far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    chunk_id integer NOT NULL,
    content text NOT NULL,
    embedding public.vector(384) NOT NULL,
    embedding_model text NOT NULL,
    embedding_version text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_chunks_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT document_chunks_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT document_chunks_document_fkey FOREIGN KEY (tenant_id, document_id, course_id)
        REFERENCES app.documents (tenant_id, id, course_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT document_chunks_chunk_key UNIQUE (tenant_id, document_id, chunk_id),
    CONSTRAINT document_chunks_chunk_id_not_negative CHECK (chunk_id >= 0),
    CONSTRAINT document_chunks_content_length CHECK (char_length(content) BETWEEN 1 AND 100000),
    CONSTRAINT document_chunks_embedding_model_length CHECK (char_length(embedding_model) BETWEEN 1 AND 200),
    CONSTRAINT document_chunks_embedding_version_length CHECK (char_length(embedding_version) BETWEEN 1 AND 100),
    CONSTRAINT document_chunks_metadata_object CHECK (jsonb_typeof(metadata) = 'object')
);

COMMENT ON TABLE app.document_chunks IS
    'Chunks of documents with their embeddings and metadata (the source''s vector_metadata). Visible like their document''s course; searched by app.search_chunks().';
COMMENT ON COLUMN app.document_chunks.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.document_chunks.id IS 'Chunk id (the views'' metadata_id).';
COMMENT ON COLUMN app.document_chunks.document_id IS 'The document the chunk was cut from.';
COMMENT ON COLUMN app.document_chunks.course_id IS 'The document''s course (kept equal by the foreign key; filled in when omitted); decides who sees the chunk.';
COMMENT ON COLUMN app.document_chunks.chunk_id IS 'Position of the chunk within its document (0, 1, ...), unique per document.';
COMMENT ON COLUMN app.document_chunks.content IS 'The chunk''s text, as embedded and as returned to the RAG prompt.';
COMMENT ON COLUMN app.document_chunks.embedding IS 'Embedding of the content, 384 dimensions, compared by cosine distance.';
COMMENT ON COLUMN app.document_chunks.embedding_model IS 'Model that produced the embedding (e.g. all-MiniLM-L6-v2).';
COMMENT ON COLUMN app.document_chunks.embedding_version IS 'Version of the model or of the chunking pipeline, to find chunks to re-embed.';
COMMENT ON COLUMN app.document_chunks.metadata IS 'JSON object of chunk metadata (page, section, offsets, ...).';
COMMENT ON COLUMN app.document_chunks.created_at IS 'When the chunk was embedded.';
COMMENT ON CONSTRAINT document_chunks_document_fkey ON app.document_chunks IS
    'A document of the same tenant, with its course; chunks go with their document and follow a course change.';
COMMENT ON CONSTRAINT document_chunks_chunk_key ON app.document_chunks IS 'One chunk per position within a document.';
COMMENT ON CONSTRAINT document_chunks_chunk_id_not_negative ON app.document_chunks IS 'Chunk positions start at 0.';
COMMENT ON CONSTRAINT document_chunks_content_length ON app.document_chunks IS 'Chunks are 1-100000 characters.';
COMMENT ON CONSTRAINT document_chunks_embedding_model_length ON app.document_chunks IS 'Model names are 1-200 characters.';
COMMENT ON CONSTRAINT document_chunks_embedding_version_length ON app.document_chunks IS 'Versions are 1-100 characters.';
COMMENT ON CONSTRAINT document_chunks_metadata_object ON app.document_chunks IS 'Metadata is a JSON object.';

CREATE INDEX document_chunks_course_idx ON app.document_chunks (tenant_id, course_id, document_id);
COMMENT ON INDEX app.document_chunks_course_idx IS
    'Chunks of a course (the enrollment policy) and of a document; covers the document foreign key; exact search of a small tenant reads its chunks through it.';
CREATE INDEX document_chunks_embedding_idx ON app.document_chunks USING hnsw (embedding public.vector_cosine_ops);
COMMENT ON INDEX app.document_chunks_embedding_idx IS
    'HNSW over every tenant''s embeddings (cosine). app.search_chunks() reads it with iterative scans, so the tenant and visibility filters still get k rows, and falls back to an exact search when the index finds fewer.';

CREATE FUNCTION app_private.document_chunks_fill_course()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF NEW.course_id IS NULL THEN
        SELECT d.course_id INTO NEW.course_id
        FROM app.documents d
        WHERE d.tenant_id = NEW.tenant_id AND d.id = NEW.document_id;
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.document_chunks_fill_course() IS
    'Trigger of app.document_chunks: fills course_id from the document the writer can see. Invoker: an invisible document leaves it NULL and the insert fails.';
REVOKE ALL ON FUNCTION app_private.document_chunks_fill_course() FROM PUBLIC;

CREATE TRIGGER document_chunks_fill_course
    BEFORE INSERT ON app.document_chunks
    FOR EACH ROW
    EXECUTE FUNCTION app_private.document_chunks_fill_course();
COMMENT ON TRIGGER document_chunks_fill_course ON app.document_chunks IS 'Writers give document_id only; the course follows from it.';

SELECT app_private.guard_tenant_table('app.document_chunks');

CREATE POLICY document_chunks_select_app ON app.document_chunks
    FOR SELECT TO tenantdb_app
    USING (
        course_id = ANY ((SELECT app_private.current_course_ids())::uuid[])
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS
    'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';

CREATE POLICY document_chunks_insert_app ON app.document_chunks
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY document_chunks_insert_app ON app.document_chunks IS 'Educators and admins add chunks (the indexer uses the service role).';

CREATE POLICY document_chunks_update_app ON app.document_chunks
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY document_chunks_update_app ON app.document_chunks IS 'Educators and admins edit chunks.';

CREATE POLICY document_chunks_delete_app ON app.document_chunks
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY document_chunks_delete_app ON app.document_chunks IS 'Educators and admins delete chunks.';

CREATE POLICY document_chunks_all_service ON app.document_chunks
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY document_chunks_all_service ON app.document_chunks IS 'The service role (the RAG indexer) reads and writes every chunk of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.document_chunks TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
