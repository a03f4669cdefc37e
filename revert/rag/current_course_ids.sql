-- Revert tenantdb:rag/current_course_ids from pg
BEGIN;

DROP POLICY courses_select_app ON app.courses;
DROP POLICY enrollments_select_for_definer ON app.enrollments;
DROP FUNCTION app_private.current_course_ids();

COMMIT;
