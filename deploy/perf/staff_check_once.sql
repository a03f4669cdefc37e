-- Deploy tenantdb:perf/staff_check_once to pg
-- The staff-wide read policies (users, courses, enrollments, documents, document_chunks: "a
-- person's own rows, or every row of the tenant for educators, coaches and admins") ask the
-- role question once per statement instead of once per row.
-- Before: `<own-row test> OR (SELECT resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin'])`.
-- The InitPlan returns the role as text and the comparison with the array sits in the row
-- filter: for an educator every row paid the own-row test (false) and then a search of the
-- three-element array (text comparisons). After:
-- `<own-row test> OR (SELECT resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))`:
-- the InitPlan returns the answer as a boolean, and the row filter reads one parameter.
-- The role test stays second, so the InitPlan still runs only when some row fails the own-row
-- test: a student reading only their own rows pays nothing new (with the role test first, every
-- student statement paid one more InitPlan, +2-4 µs per table reference: measured, not landed).
-- Server side (pgbench -M prepared, pg_stat_statements), educator_course_dashboard on the quick
-- bench data: RLS over the floor 102 -> 50 µs per statement (docs/benchmarks-analysis.md,
-- "Session 6: where the policies cost most").
-- Who sees what does not change: the same two tests, joined by the same OR, on the same
-- stamp-resolved app_private.resolved_person_role() (perf/resolved_context); a person without a
-- role gets NULL from the role test, as before, and the own-row test decides. The
-- tenant_isolation policy (restrictive) and the write policies are untouched.
-- On Citus (citus/policies rewrote these policies without InitPlan subqueries) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/staff_check_once: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY users_select_app ON app.users
        USING (id = (SELECT app.current_user_id())
               OR (SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])));
    COMMENT ON POLICY users_select_app ON app.users IS
        'A person reads their own row; educators, coaches and admins read the tenant''s roster. The role test is one boolean InitPlan: staff pay one parameter per row, not a comparison of the role with three names (perf/staff_check_once).';
    ALTER POLICY courses_select_app ON app.courses
        USING (id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])));
    COMMENT ON POLICY courses_select_app ON app.courses IS
        'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant. The role test is one boolean InitPlan: staff pay one parameter per row, not a comparison of the role with three names (perf/staff_check_once).';
    ALTER POLICY enrollments_select_app ON app.enrollments
        USING (user_id = (SELECT app.current_user_id())
               OR (SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])));
    COMMENT ON POLICY enrollments_select_app ON app.enrollments IS
        'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant. The role test is one boolean InitPlan: staff pay one parameter per row, not a comparison of the role with three names (perf/staff_check_once).';
    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])));
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one boolean InitPlan: staff pay one parameter per row, not a comparison of the role with three names (perf/staff_check_once).';
    ALTER POLICY document_chunks_select_app ON app.document_chunks
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin'])));
    COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS
        'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one boolean InitPlan: staff pay one parameter per row, not a comparison of the role with three names (perf/staff_check_once).';
END
$deploy$;

COMMIT;
