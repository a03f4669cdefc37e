-- Verify tenantdb:rag/document_chunks on pg
BEGIN;

SELECT tenant_id, id, document_id, course_id, chunk_id, content, embedding, embedding_model, embedding_version, metadata, created_at
FROM app.document_chunks WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.document_chunks'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.document_chunks'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;
SELECT 1 / count(*)::int FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'app.document_chunks'::regclass AND c.relam = (SELECT oid FROM pg_catalog.pg_am WHERE amname = 'hnsw');

ROLLBACK;
