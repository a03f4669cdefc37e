-- Deploy tenantdb:perf/documents_course_led_indexes to pg
-- app.documents read by course: every index that names course_id leads with it after tenant_id,
-- and the planner knows that a course implies its tenant. For the select policy of
-- perf/documents_readable_courses (course_id = ANY (readable course ids), an index condition):
--   * documents_course_key, the target of the chunks' foreign key, was UNIQUE (tenant_id, id,
--     course_id). With course_id after id, PostgreSQL 18 can still check course_id = ANY (...)
--     as an index condition, by walking the tenant's whole range of the index (a skip scan over
--     unique ids), and priced as one row it tied with the course-led index and was chosen
--     (session 3's withdrawn rewrite: 849 buffers against 136). Now UNIQUE (tenant_id,
--     course_id, id): the same columns, so the same foreign key, led by the course.
--   * documents_course_created_idx (tenant_id, course_id, created_at DESC) becomes
--     documents_course_newest_idx (tenant_id, course_id, created_at DESC, id) INCLUDE (title):
--     a student's newest readings and title search (ORDER BY created_at DESC, id) read the index
--     only (title is filtered from the index tuple).
--   * statistics documents_course_tenant_stats (dependencies) on (tenant_id, course_id): a course
--     belongs to one tenant, so tenant_id = t AND course_id = ANY (...) is priced as the
--     course's rows, not as a fraction of a fraction (one row). Without it the planner drove
--     app.v_rag_documents from the documents and probed app.courses once per document.
-- Built in the change's transaction (locks app.documents and app.document_chunks while the key
-- and the index are built and the foreign key is validated: 19,400 documents and 77,600 chunks
-- at the bench's full size take well under a second). On Citus (citus/foreign_keys owns the
-- chunks' foreign key there) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/documents_course_led_indexes: citus is here (citus/foreign_keys owns the chunks'' foreign key), nothing to change';
        RETURN;
    END IF;

    -- The key is re-created led by course_id; the chunks' foreign key depends on it; hence:
    -- squawk-ignore ban-drop-constraint
    ALTER TABLE app.document_chunks DROP CONSTRAINT document_chunks_document_fkey;
    -- squawk-ignore ban-drop-constraint
    ALTER TABLE app.documents DROP CONSTRAINT documents_course_key;
    -- squawk-ignore constraint-missing-not-valid, disallowed-unique-constraint
    ALTER TABLE app.documents ADD CONSTRAINT documents_course_key UNIQUE (tenant_id, course_id, id);
    COMMENT ON CONSTRAINT documents_course_key ON app.documents IS
        'Target of the chunks'' foreign key: a chunk carries its document''s course, so chunk policies need no join. Led by course_id: the documents of a course, as the select policy reads them (course_id = ANY (readable course ids)).';

    -- Validated as the deploying superuser: the validation reads both tables, and the owner is
    -- under FORCE ROW LEVEL SECURITY (no policy of its own on app.document_chunks).
    RESET ROLE;
    -- Chunks are few (four per document at the bench's size): validating at once costs little; hence:
    -- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
    ALTER TABLE app.document_chunks ADD CONSTRAINT document_chunks_document_fkey FOREIGN KEY (tenant_id, document_id, course_id)
        REFERENCES app.documents (tenant_id, id, course_id) ON DELETE CASCADE ON UPDATE CASCADE;
    SET LOCAL ROLE tenantdb_owner;
    COMMENT ON CONSTRAINT document_chunks_document_fkey ON app.document_chunks IS
        'A document of the same tenant, with its course; chunks go with their document and follow a course change.';

    -- squawk-ignore require-concurrent-index-creation
    CREATE INDEX documents_course_newest_idx ON app.documents (tenant_id, course_id, created_at DESC, id) INCLUDE (title);
    COMMENT ON INDEX app.documents_course_newest_idx IS
        'Documents of a course, newest first, with their title: a student''s newest readings and title search (the select policy reads by course) from the index alone; covers the course foreign key.';
    -- squawk-ignore require-concurrent-index-deletion
    DROP INDEX app.documents_course_created_idx;

    CREATE STATISTICS app.documents_course_tenant_stats (dependencies) ON tenant_id, course_id FROM app.documents;
    COMMENT ON STATISTICS app.documents_course_tenant_stats IS
        'A course belongs to one tenant: tenant_id = t AND course_id = ANY (...) is priced as the courses'' documents, not as one row (which made the planner read app.v_rag_documents from the documents and probe the course per document).';
    ANALYZE app.documents;
END
$deploy$;

COMMIT;
