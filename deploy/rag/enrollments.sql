-- Deploy tenantdb:rag/enrollments to pg
-- Who is enrolled in which course: one enrollment per person and course. The acting person's
-- enrollments decide which courses, documents and chunks a student sees
-- (app_private.current_course_ids(), rag/current_course_ids).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.enrollments (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enrollments_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT enrollments_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT enrollments_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT enrollments_course_fkey FOREIGN KEY (tenant_id, course_id)
        REFERENCES app.courses (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT enrollments_user_course_key UNIQUE (tenant_id, user_id, course_id)
);

COMMENT ON TABLE app.enrollments IS
    'Enrollments of people in courses (one per person and course). A person sees their own; educators, coaches and admins all; educators and admins manage them.';
COMMENT ON COLUMN app.enrollments.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.enrollments.id IS 'Enrollment id.';
COMMENT ON COLUMN app.enrollments.user_id IS 'The enrolled person.';
COMMENT ON COLUMN app.enrollments.course_id IS 'The course.';
COMMENT ON COLUMN app.enrollments.enrolled_at IS 'When the person was enrolled.';
COMMENT ON CONSTRAINT enrollments_user_fkey ON app.enrollments IS 'A person of the same tenant; the enrollment goes with the person.';
COMMENT ON CONSTRAINT enrollments_course_fkey ON app.enrollments IS 'A course of the same tenant; the enrollment goes with the course.';
COMMENT ON CONSTRAINT enrollments_user_course_key ON app.enrollments IS
    'One enrollment per person and course; also the index for "my courses" (tenant_id, user_id leads).';

CREATE INDEX enrollments_course_idx ON app.enrollments (tenant_id, course_id);
COMMENT ON INDEX app.enrollments_course_idx IS 'Enrollments of a course (class lists); covers the course foreign key.';

SELECT app_private.guard_tenant_table('app.enrollments');

CREATE POLICY enrollments_select_app ON app.enrollments
    FOR SELECT TO tenantdb_app
    USING (
        user_id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY enrollments_select_app ON app.enrollments IS 'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant.';

CREATE POLICY enrollments_insert_app ON app.enrollments
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY enrollments_insert_app ON app.enrollments IS 'Educators and admins enroll people.';

CREATE POLICY enrollments_update_app ON app.enrollments
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY enrollments_update_app ON app.enrollments IS 'Educators and admins correct enrollments.';

CREATE POLICY enrollments_delete_app ON app.enrollments
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY enrollments_delete_app ON app.enrollments IS 'Educators and admins remove enrollments.';

CREATE POLICY enrollments_all_service ON app.enrollments
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY enrollments_all_service ON app.enrollments IS 'The service role reads and writes every enrollment of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.enrollments TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
