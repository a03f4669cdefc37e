-- Shape of the RAG schema: the tables' columns, tenant-led keys and indexes, forced RLS, the
-- embedding's type and HNSW index, the read models' exact columns and security_invoker, and the
-- once-per-statement course-id accessor.
BEGIN;
SELECT plan(27);

SELECT columns_are('app', 'courses',
    ARRAY['tenant_id', 'id', 'code', 'name', 'description', 'semester', 'created_at', 'updated_at'],
    'app.courses has the source''s columns plus tenant_id and updated_at');
SELECT columns_are('app', 'enrollments', ARRAY['tenant_id', 'id', 'user_id', 'course_id', 'enrolled_at'],
    'app.enrollments has the source''s columns plus tenant_id');
SELECT columns_are('app', 'documents',
    ARRAY['tenant_id', 'id', 'course_id', 'title', 'file_path', 'content_type', 'created_at', 'updated_at'],
    'app.documents has the source''s columns plus tenant_id and updated_at');
SELECT columns_are('app', 'document_chunks',
    ARRAY['tenant_id', 'id', 'document_id', 'course_id', 'chunk_id', 'content', 'embedding', 'embedding_model',
          'embedding_version', 'metadata', 'created_at'],
    'app.document_chunks has vector_metadata''s columns plus the embedding, its text and its course');
SELECT columns_are('app', 'interactions',
    ARRAY['tenant_id', 'id', 'user_id', 'service_type', 'request_data', 'response_data', 'latency_ms', 'created_at'],
    'app.interactions has the source''s columns plus tenant_id');

SELECT col_type_is('app', 'document_chunks', 'embedding', 'vector(384)', 'Embeddings are vector(384)');
SELECT col_type_is('app', 'interactions', 'request_data', 'jsonb', 'Requests are JSONB');
SELECT col_type_is('app', 'interactions', 'response_data', 'jsonb', 'Responses are JSONB');
SELECT col_type_is('app', 'document_chunks', 'metadata', 'jsonb', 'Chunk metadata is JSONB');

SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", c.relrowsecurity AND c.relforcerowsecurity
      FROM pg_class c WHERE c.oid IN ('app.courses'::regclass, 'app.enrollments'::regclass, 'app.documents'::regclass,
                                      'app.document_chunks'::regclass, 'app.interactions'::regclass)
      ORDER BY 1$$,
    $$VALUES ('courses', true), ('document_chunks', true), ('documents', true), ('enrollments', true), ('interactions', true)$$,
    'Row-level security is enabled and forced on every RAG table');

SELECT col_is_pk('app', 'courses', ARRAY['tenant_id', 'id'], 'courses: composite tenant key');
SELECT col_is_pk('app', 'enrollments', ARRAY['tenant_id', 'id'], 'enrollments: composite tenant key');
SELECT col_is_pk('app', 'documents', ARRAY['tenant_id', 'id'], 'documents: composite tenant key');
SELECT col_is_pk('app', 'document_chunks', ARRAY['tenant_id', 'id'], 'document_chunks: composite tenant key');
SELECT col_is_pk('app', 'interactions', ARRAY['tenant_id', 'id', 'created_at'], 'interactions: composite tenant key with the month partition column (partitions/interactions)');
SELECT col_is_unique('app', 'enrollments', ARRAY['tenant_id', 'user_id', 'course_id'], 'One enrollment per person and course');
SELECT col_is_unique('app', 'document_chunks', ARRAY['tenant_id', 'document_id', 'chunk_id'], 'chunk_id is unique per document');

SELECT is_empty(
    $$SELECT i.indexrelid::regclass::text
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = (SELECT relam FROM pg_class WHERE oid = i.indexrelid)
      WHERE t.relnamespace = 'app'::regnamespace
        AND t.relname IN ('courses', 'enrollments', 'documents', 'document_chunks', 'interactions')
        AND am.amname = 'btree'
        AND i.indkey[0] <> (SELECT attnum FROM pg_attribute WHERE attrelid = t.oid AND attname = 'tenant_id')$$,
    'Every btree index of the RAG tables leads with tenant_id');
SELECT is(
    (SELECT am.amname::text FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = 'app.document_chunks_embedding_idx'::regclass),
    'hnsw', 'The embeddings have an HNSW index');

SELECT columns_are('app', 'v_rag_documents',
    ARRAY['document_id', 'title', 'file_path', 'course_code', 'course_name', 'created_at'], 'v_rag_documents has exactly SPEC''s columns');
SELECT columns_are('app', 'v_rag_chunks',
    ARRAY['metadata_id', 'document_id', 'chunk_id', 'embedding_model', 'metadata', 'document_title'], 'v_rag_chunks has exactly SPEC''s columns');
SELECT columns_are('app', 'v_user_interactions',
    ARRAY['interaction_id', 'user_email', 'user_role', 'service_type', 'latency_ms', 'created_at'], 'v_user_interactions has exactly SPEC''s columns');
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default" FROM pg_class c
      WHERE c.oid IN ('app.v_rag_documents'::regclass, 'app.v_rag_chunks'::regclass, 'app.v_user_interactions'::regclass)
        AND 'security_invoker=true' = ANY (c.reloptions) ORDER BY 1$$,
    $$VALUES ('v_rag_chunks'), ('v_rag_documents'), ('v_user_interactions')$$,
    'The RAG views run with the caller''s rights (security_invoker), so RLS applies');

SELECT function_returns('app_private', 'current_course_ids', ARRAY[]::text[], 'uuid[]', 'current_course_ids() returns a uuid[]');
SELECT is_definer('app_private', 'current_course_ids', ARRAY[]::text[], 'current_course_ids() is a definer function');
SELECT isnt_definer('app', 'search_chunks', ARRAY['vector', 'integer'], 'search_chunks() runs as the caller: RLS applies');
SELECT ok(
    (SELECT pg_get_expr(p.polqual, p.polrelid) LIKE '%= ANY (( SELECT app_private.resolved_course_ids()%'
     FROM pg_policy p WHERE p.polname = 'document_chunks_select_app'),
    'The chunks'' policy compares course_id with the course-id array computed once per statement');

SELECT * FROM finish();
ROLLBACK;
