-- Revert tenantdb:perf/documents_course_led_indexes from pg
-- Back to documents_course_key (tenant_id, id, course_id) and documents_course_created_idx, no statistics object.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;

    DROP STATISTICS app.documents_course_tenant_stats;

    -- squawk-ignore require-concurrent-index-creation
    CREATE INDEX documents_course_created_idx ON app.documents (tenant_id, course_id, created_at DESC);
    COMMENT ON INDEX app.documents_course_created_idx IS 'Documents of a course, newest first (the enrollment policy filters by course); covers the course foreign key.';
    -- squawk-ignore require-concurrent-index-deletion
    DROP INDEX app.documents_course_newest_idx;

    -- squawk-ignore ban-drop-constraint
    ALTER TABLE app.document_chunks DROP CONSTRAINT document_chunks_document_fkey;
    -- squawk-ignore ban-drop-constraint
    ALTER TABLE app.documents DROP CONSTRAINT documents_course_key;
    -- squawk-ignore constraint-missing-not-valid, disallowed-unique-constraint
    ALTER TABLE app.documents ADD CONSTRAINT documents_course_key UNIQUE (tenant_id, id, course_id);
    COMMENT ON CONSTRAINT documents_course_key ON app.documents IS
        'Target of the chunks'' foreign key: a chunk carries its document''s course, so chunk policies need no join.';
    RESET ROLE;
    -- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
    ALTER TABLE app.document_chunks ADD CONSTRAINT document_chunks_document_fkey FOREIGN KEY (tenant_id, document_id, course_id)
        REFERENCES app.documents (tenant_id, id, course_id) ON DELETE CASCADE ON UPDATE CASCADE;
    SET LOCAL ROLE tenantdb_owner;
    COMMENT ON CONSTRAINT document_chunks_document_fkey ON app.document_chunks IS
        'A document of the same tenant, with its course; chunks go with their document and follow a course change.';
END
$revert$;

COMMIT;
