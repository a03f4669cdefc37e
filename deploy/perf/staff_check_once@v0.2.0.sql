-- Deploy tenantdb:perf/staff_check_once to pg
-- The staff-wide read policies (users, courses, enrollments, documents, document_chunks: "a
-- person's own rows, or every row of the tenant for educators, coaches and admins") answer the
-- role question once per statement instead of once per row.
-- Before: `<own-row test> OR (SELECT resolved_person_role()) = ANY (ARRAY['educator', 'coach', 'admin'])`:
-- the InitPlan returned the role's text and the search of the three-element array sat in the row
-- filter, so every row that failed the own-row test (all of them for staff) paid it.
-- After: `<own-row test> OR (SELECT (resolved_person_role() = ANY (ARRAY[...]))::integer) = 1`:
-- the InitPlan answers the question (1 for staff, 0 otherwise, NULL without a role) and the row
-- filter compares one integer parameter. Server side, over a million rows: 141 -> 83 ns per row.
-- Why an integer and not the boolean itself: a bare boolean parameter in a qual is estimated at
-- 50 % selectivity, which raised every student's row estimate and flipped a student's course
-- lookup (rag_documents_of_course) to a sequential scan; `$n = 1` is estimated as an equality
-- (0.5 %), as the text comparison was, so the plans stay the ones the bench's plan checks pin.
-- The role test stays second, so its InitPlan still runs only when some row fails the own-row
-- test: a student reading only their own rows pays nothing new.
-- Figures and the side-by-side run: docs/benchmarks-analysis.md, "Session 6: where the policies
-- cost most" (scripts/bench_staff_check.py).
-- Who sees what does not change: the same two tests, joined by the same OR, on the same
-- stamp-resolved app_private.resolved_person_role() (perf/resolved_context): staff get 1 = 1
-- (true) as before, others 0 = 1 (false) as before, a person without a role NULL = 1 (NULL) as
-- before, and the own-row test decides. The tenant_isolation policy (restrictive) and the write
-- policies are untouched.
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
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY users_select_app ON app.users IS
        'A person reads their own row; educators, coaches and admins read the tenant''s roster. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
    ALTER POLICY courses_select_app ON app.courses
        USING (id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY courses_select_app ON app.courses IS
        'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
    ALTER POLICY enrollments_select_app ON app.enrollments
        USING (user_id = (SELECT app.current_user_id())
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY enrollments_select_app ON app.enrollments IS
        'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
    ALTER POLICY document_chunks_select_app ON app.document_chunks
        USING (course_id = ANY ((SELECT app_private.resolved_course_ids())::uuid[])
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS
        'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
END
$deploy$;

COMMIT;
