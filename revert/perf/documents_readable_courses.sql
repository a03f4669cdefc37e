-- Revert tenantdb:perf/documents_readable_courses from pg
-- Back to the policy perf/resolved_context left: enrolled course ids OR a staff role.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role()) IN ('educator', 'coach', 'admin'));
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';
    DROP FUNCTION app_private.readable_course_ids();
    DROP FUNCTION app_private.tenant_course_ids();
END
$revert$;

COMMIT;
