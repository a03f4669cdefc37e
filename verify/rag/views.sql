-- Verify tenantdb:rag/views on pg
BEGIN;

SELECT document_id, title, file_path, course_code, course_name, created_at FROM app.v_rag_documents WHERE false;
SELECT metadata_id, document_id, chunk_id, embedding_model, metadata, document_title FROM app.v_rag_chunks WHERE false;
SELECT interaction_id, user_email, user_role, service_type, latency_ms, created_at FROM app.v_user_interactions WHERE false;
SELECT 1 / (count(*) = 3)::int FROM pg_catalog.pg_class
WHERE oid IN ('app.v_rag_documents'::regclass, 'app.v_rag_chunks'::regclass, 'app.v_user_interactions'::regclass)
  AND 'security_invoker=true' = ANY (reloptions);

ROLLBACK;
