-- Deploy tenantdb:perf/staff_check_once to pg (reworked after @v0.3.0; issue 13, session 17)
-- The enrollments read policy asks the role first:
--     (SELECT (resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1
--     OR user_id = (SELECT app.current_user_id())
-- instead of the own-row test first (the first instance of this change). Why: an educator's course
-- dashboard reads every enrollment of the courses it lists, and with the own-row test first every
-- one of those rows compared its user_id with the educator's id (false for all of them) before the
-- role test passed it; now the row's first comparison is the role's integer, which is true, and
-- the OR stops there. Server side (scripts/bench_policy_sets.py tenantdb_bench
-- educator_course_dashboard 300 2 ..., the 300 largest-tenant actors): 1,158 -> 762 us over the
-- floor (docs/benchmarks-analysis.md, "Session 17").
-- What it costs: a person who is not staff now runs the role InitPlan (once per statement, ~0.5
-- us) and compares one integer per enrollment before their own-row test; their enrollments are a
-- few rows. The bench measured the same order on all five staff-wide policies and kept it only
-- here: on documents a student's title search (document_title_ilike), which filters the tenant's
-- documents row by row, cost 44 us more over the floor with it.
-- Who sees what does not change: the same two tests joined by the same OR (OR is commutative in
-- SQL: staff get 1 = 1, true; others 0 = 1, false, then their own-row test decides; a person
-- without a role NULL = 1, NULL, then the own-row test). The estimates do not change either (the
-- planner's selectivity of an OR does not depend on its order): tests/test_staff_check_once.py
-- compares every estimate and plan with the first instance's. The other four policies, the
-- restrictive tenant_isolation and the write policies are untouched.
-- On Citus (citus/policies rewrote these policies without InitPlan subqueries) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/staff_check_once: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY enrollments_select_app ON app.enrollments
        USING ((SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1
               OR user_id = (SELECT app.current_user_id()));
    COMMENT ON POLICY enrollments_select_app ON app.enrollments IS
        'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant. The role test is one InitPlan (1 for staff), asked first: a row read by staff pays one integer comparison and never the own-row test (perf/staff_check_once reworked after @v0.3.0).';
END
$deploy$;

COMMIT;
