-- Deploy tenantdb:rag/documents to pg
-- Course documents the RAG service indexes. Visible like their course: students of the course,
-- educators, coaches and admins; educators and admins manage them.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.documents (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    course_id uuid NOT NULL,
    title text NOT NULL,
    file_path text NOT NULL,
    content_type text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT documents_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT documents_course_key UNIQUE (tenant_id, id, course_id),
    CONSTRAINT documents_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT documents_course_fkey FOREIGN KEY (tenant_id, course_id)
        REFERENCES app.courses (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT documents_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 500),
    CONSTRAINT documents_file_path_format CHECK (char_length(file_path) BETWEEN 1 AND 1024 AND file_path !~ '(^|/)\.\.(/|$)'),
    CONSTRAINT documents_content_type_format CHECK (content_type ~ '^[a-z]+/[a-z0-9.+-]+$')
);

COMMENT ON TABLE app.documents IS
    'Course documents for retrieval (RAG). Visible like their course: enrolled students, educators, coaches, admins; educators and admins manage them.';
COMMENT ON COLUMN app.documents.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.documents.id IS 'Document id.';
COMMENT ON COLUMN app.documents.course_id IS 'The course the document belongs to; decides who sees it.';
COMMENT ON COLUMN app.documents.title IS 'Document title.';
COMMENT ON COLUMN app.documents.file_path IS 'Path of the file in the tenant''s object store (relative, no "..").';
COMMENT ON COLUMN app.documents.content_type IS 'MIME type, e.g. application/pdf.';
COMMENT ON COLUMN app.documents.created_at IS 'When the document was added.';
COMMENT ON COLUMN app.documents.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT documents_course_key ON app.documents IS
    'Target of the chunks'' foreign key: a chunk carries its document''s course, so chunk policies need no join.';
COMMENT ON CONSTRAINT documents_course_fkey ON app.documents IS 'A course of the same tenant; documents go with their course.';
COMMENT ON CONSTRAINT documents_title_length ON app.documents IS 'Titles are 1-500 characters, not blank.';
COMMENT ON CONSTRAINT documents_file_path_format ON app.documents IS 'Paths are 1-1024 characters and never climb out with "..".';
COMMENT ON CONSTRAINT documents_content_type_format ON app.documents IS 'A MIME type: type/subtype in lower case.';

CREATE INDEX documents_course_created_idx ON app.documents (tenant_id, course_id, created_at DESC);
COMMENT ON INDEX app.documents_course_created_idx IS 'Documents of a course, newest first (the enrollment policy filters by course); covers the course foreign key.';

SELECT app_private.guard_tenant_table('app.documents');

CREATE POLICY documents_select_app ON app.documents
    FOR SELECT TO tenantdb_app
    USING (
        course_id = ANY ((SELECT app_private.current_course_ids())::uuid[])
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY documents_select_app ON app.documents IS
    'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';

CREATE POLICY documents_insert_app ON app.documents
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY documents_insert_app ON app.documents IS 'Educators and admins add documents.';

CREATE POLICY documents_update_app ON app.documents
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY documents_update_app ON app.documents IS 'Educators and admins edit documents.';

CREATE POLICY documents_delete_app ON app.documents
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY documents_delete_app ON app.documents IS 'Educators and admins delete documents (with their chunks).';

CREATE POLICY documents_all_service ON app.documents
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY documents_all_service ON app.documents IS 'The service role (the RAG indexer) reads and writes every document of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.documents TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
