-- Deploy tenantdb:rag/views to pg
-- Read models for the RAG service, with clean field names and at most one join each, so it
-- never needs SQL against the base tables. security_invoker = true: the caller's RLS applies to
-- every table a view reads (a view with its owner's rights would bypass it), so each view shows
-- exactly what the caller may see of its base tables.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE VIEW app.v_rag_documents WITH (security_invoker = true) AS
SELECT d.id AS document_id,
       d.title,
       d.file_path,
       c.code AS course_code,
       c.name AS course_name,
       d.created_at
FROM app.documents d
JOIN app.courses c ON c.tenant_id = d.tenant_id AND c.id = d.course_id;
COMMENT ON VIEW app.v_rag_documents IS
    'Documents with their course, as the caller may see them (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_rag_documents.document_id IS 'Document id.';
COMMENT ON COLUMN app.v_rag_documents.title IS 'Document title.';
COMMENT ON COLUMN app.v_rag_documents.file_path IS 'Path of the file in the tenant''s object store.';
COMMENT ON COLUMN app.v_rag_documents.course_code IS 'Code of the document''s course.';
COMMENT ON COLUMN app.v_rag_documents.course_name IS 'Name of the document''s course.';
COMMENT ON COLUMN app.v_rag_documents.created_at IS 'When the document was added.';

CREATE VIEW app.v_rag_chunks WITH (security_invoker = true) AS
SELECT ch.id AS metadata_id,
       ch.document_id,
       ch.chunk_id,
       ch.embedding_model,
       ch.metadata,
       d.title AS document_title
FROM app.document_chunks ch
JOIN app.documents d ON d.tenant_id = ch.tenant_id AND d.id = ch.document_id;
COMMENT ON VIEW app.v_rag_chunks IS
    'Chunk metadata with the document title, as the caller may see it (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_rag_chunks.metadata_id IS 'Chunk id (the source''s vector_metadata id).';
COMMENT ON COLUMN app.v_rag_chunks.document_id IS 'The chunk''s document.';
COMMENT ON COLUMN app.v_rag_chunks.chunk_id IS 'Position of the chunk within its document.';
COMMENT ON COLUMN app.v_rag_chunks.embedding_model IS 'Model that produced the embedding.';
COMMENT ON COLUMN app.v_rag_chunks.metadata IS 'Chunk metadata (JSON object).';
COMMENT ON COLUMN app.v_rag_chunks.document_title IS 'Title of the chunk''s document.';

CREATE VIEW app.v_user_interactions WITH (security_invoker = true) AS
SELECT i.id AS interaction_id,
       u.email AS user_email,
       u.role AS user_role,
       i.service_type,
       i.latency_ms,
       i.created_at
FROM app.interactions i
JOIN app.users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id;
COMMENT ON VIEW app.v_user_interactions IS
    'Interactions with who made them, as the caller may see them (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_user_interactions.interaction_id IS 'Interaction id.';
COMMENT ON COLUMN app.v_user_interactions.user_email IS 'Email of the person who made the request.';
COMMENT ON COLUMN app.v_user_interactions.user_role IS 'Role of that person in the tenant.';
COMMENT ON COLUMN app.v_user_interactions.service_type IS 'Which service answered.';
COMMENT ON COLUMN app.v_user_interactions.latency_ms IS 'Time to answer in milliseconds.';
COMMENT ON COLUMN app.v_user_interactions.created_at IS 'When the request was made.';

GRANT SELECT ON app.v_rag_documents, app.v_rag_chunks, app.v_user_interactions
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
