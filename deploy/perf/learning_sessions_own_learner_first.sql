-- Deploy tenantdb:perf/learning_sessions_own_learner_first to pg
-- The SELECT policy of app.learning_sessions compares learner_id with the acting person's own
-- learner id first, then with the array of visible learner ids:
--     learner_id = (SELECT resolved_learner_id()) OR learner_id = ANY(<visible learner ids>)
-- Same rows: the own learner id is always one of the visible ones (a student's visible ids are
-- exactly their own; staff_visible_learner_ids() includes the caller's own profile), so the
-- first arm adds nothing; it changes only the plan.
-- Why: with `learner_id = ANY(<InitPlan array>)` alone, the planner assumes the array has 10
-- elements (its default for an array it cannot see) and prices the (tenant_id, learner_id,
-- session_start) index as 10 descents, and it prices the tenant as an average one (1/1000 of the
-- rows). So for a student's own sessions it chose learning_sessions_learner_key
-- (tenant_id, id, learner_id) and read the whole tenant's range of it, checking learner_id:
-- 211 buffers and 0.7-2.5 ms for a student of the largest tenant (1,000 tenants), 4 buffers in a
-- small one (bench tenant_size: RLS largest/small p50 3.05, floor 1.13). With the OR the
-- statement's own `learner_id = $1` is the index condition on learning_sessions_learner_start_idx
-- and the policy a filter on the student's 5 rows (5 buffers, 0.1 ms); the array arm is never
-- evaluated for a student (InitPlan "never executed"), and staff get a BitmapOr of the two arms
-- over the same index as before.
-- On Citus (citus/policies rewrote the policies without InitPlan subqueries) the policy is left alone.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/learning_sessions_own_learner_first: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY learning_sessions_select_app ON app.learning_sessions
        USING (learner_id = (SELECT app_private.resolved_learner_id())
               OR learner_id = ANY ((SELECT app_private.resolved_visible_learner_ids())::uuid[]));
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data; admins all. The own learner id is compared first (a scalar: a student''s query by learner_id reads only their rows through the learner index, whatever the tenant''s size), then the visible learner ids (an index condition for staff).';
END
$deploy$;

COMMIT;
