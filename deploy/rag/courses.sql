-- Deploy tenantdb:rag/courses to pg
-- Courses of a tenant. Students see the courses they are enrolled in; educators, coaches and
-- admins see all of the tenant's; educators and admins manage them. The enrollment check uses
-- app_private.current_course_ids() (rag/current_course_ids), added by a later change, so this
-- change grants staff access and rag/current_course_ids adds the student policy.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.courses (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    code text NOT NULL,
    name text NOT NULL,
    description text,
    semester text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT courses_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT courses_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT courses_code_key UNIQUE (tenant_id, code),
    CONSTRAINT courses_code_format CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    CONSTRAINT courses_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT courses_description_length CHECK (char_length(description) <= 5000),
    CONSTRAINT courses_semester_length CHECK (char_length(semester) BETWEEN 1 AND 40)
);

COMMENT ON TABLE app.courses IS
    'Courses of a tenant. Students see the courses they are enrolled in; educators, coaches and admins all; educators and admins manage them.';
COMMENT ON COLUMN app.courses.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.courses.id IS 'Course id.';
COMMENT ON COLUMN app.courses.code IS 'Short course code (e.g. MATH-101), unique within the tenant.';
COMMENT ON COLUMN app.courses.name IS 'Course name.';
COMMENT ON COLUMN app.courses.description IS 'What the course covers.';
COMMENT ON COLUMN app.courses.semester IS 'Semester or term label (e.g. "Fall term", "FS27"); NULL for self-paced courses.';
COMMENT ON COLUMN app.courses.created_at IS 'When the course was created.';
COMMENT ON COLUMN app.courses.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT courses_code_key ON app.courses IS 'Course codes are unique within a tenant (not across tenants).';
COMMENT ON CONSTRAINT courses_code_format ON app.courses IS 'Codes are 1-40 letters, digits, dots, dashes or underscores.';
COMMENT ON CONSTRAINT courses_name_length ON app.courses IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT courses_description_length ON app.courses IS 'Descriptions are at most 5000 characters.';
COMMENT ON CONSTRAINT courses_semester_length ON app.courses IS 'Semester labels are 1-40 characters.';

SELECT app_private.guard_tenant_table('app.courses');

CREATE POLICY courses_insert_app ON app.courses
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY courses_insert_app ON app.courses IS 'Educators and admins create courses.';

CREATE POLICY courses_update_app ON app.courses
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY courses_update_app ON app.courses IS 'Educators and admins edit courses.';

CREATE POLICY courses_delete_app ON app.courses
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY courses_delete_app ON app.courses IS 'Educators and admins delete courses (with their enrollments, documents and chunks).';

CREATE POLICY courses_all_service ON app.courses
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY courses_all_service ON app.courses IS 'The service role reads and writes every course of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.courses TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
