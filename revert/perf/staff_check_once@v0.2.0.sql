-- Revert tenantdb:perf/staff_check_once from pg
-- Back to the policies perf/resolved_context left: the own-row test first, the role compared per row.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY users_select_app ON app.users
        USING (id = (SELECT app.current_user_id())
               OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin']));
    COMMENT ON POLICY users_select_app ON app.users IS
        'A person reads their own row; educators, coaches and admins read the tenant''s roster.';
    ALTER POLICY courses_select_app ON app.courses
        USING (id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin']));
    COMMENT ON POLICY courses_select_app ON app.courses IS
        'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant.';
    ALTER POLICY enrollments_select_app ON app.enrollments
        USING (user_id = (SELECT app.current_user_id())
               OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin']));
    COMMENT ON POLICY enrollments_select_app ON app.enrollments IS
        'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant.';
    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin']));
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';
    ALTER POLICY document_chunks_select_app ON app.document_chunks
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin']));
    COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS
        'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';
END
$revert$;

COMMIT;
