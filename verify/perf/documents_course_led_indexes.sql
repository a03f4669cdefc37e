-- Verify tenantdb:perf/documents_course_led_indexes on pg
-- The documents' course key and newest-first index lead with course_id; the dependency statistics exist (plain PostgreSQL).
BEGIN;

SELECT 1 / (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
            OR (pg_catalog.pg_get_constraintdef((SELECT c.oid FROM pg_catalog.pg_constraint c
                                                 WHERE c.conrelid = 'app.documents'::regclass AND c.conname = 'documents_course_key'))
                    = 'UNIQUE (tenant_id, course_id, id)'
                AND pg_catalog.pg_get_indexdef('app.documents_course_newest_idx'::regclass) LIKE '%(tenant_id, course_id, created_at DESC, id) INCLUDE (title)'
                AND to_regclass('app.documents_course_created_idx') IS NULL
                AND EXISTS (SELECT FROM pg_catalog.pg_statistic_ext s
                            WHERE s.stxrelid = 'app.documents'::regclass AND s.stxname = 'documents_course_tenant_stats')
                AND EXISTS (SELECT FROM pg_catalog.pg_constraint c
                            WHERE c.conrelid = 'app.document_chunks'::regclass AND c.conname = 'document_chunks_document_fkey'
                              AND c.confrelid = 'app.documents'::regclass AND c.convalidated)))::int;

ROLLBACK;
