-- Deploy tenantdb:rag/current_course_ids to pg
-- The acting person's course ids, computed once per statement: policies compare
-- course_id = ANY ((SELECT app_private.current_course_ids())::uuid[]), an InitPlan returning an array,
-- instead of probing app.enrollments for every row. Definer (owner) with a fixed search_path,
-- in app_private; the owner reads only the acting person's enrollments (policy below).
-- Also adds the courses' SELECT policy, which is the first to need it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.current_course_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
    FROM app.enrollments e
    WHERE e.tenant_id = app.current_tenant_id()
      AND e.user_id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_course_ids() IS
    'Ids of the courses the acting person (app.user_id) is enrolled in, in the transaction''s tenant; empty without a user context. Definer, fixed search_path; used inside policies only.';
REVOKE ALL ON FUNCTION app_private.current_course_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.current_course_ids() TO tenantdb_app, tenantdb_service;

CREATE POLICY enrollments_select_for_definer ON app.enrollments
    FOR SELECT TO tenantdb_owner
    USING (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY enrollments_select_for_definer ON app.enrollments IS
    'Lets owner-run definer functions (current_course_ids) read the acting person''s own enrollments, in the current tenant only.';

CREATE POLICY courses_select_app ON app.courses
    FOR SELECT TO tenantdb_app
    USING (
        id = ANY ((SELECT app_private.current_course_ids())::uuid[])
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY courses_select_app ON app.courses IS
    'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant.';

COMMIT;
