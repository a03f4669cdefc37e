-- Deploy tenantdb:perf/learner_profiles_roster_estimate to pg
-- The roster policy of app.learner_profiles asks its two role questions as boolean InitPlans
-- (`(SELECT resolved_person_role() = ANY (ARRAY['educator', 'coach']))`, `(SELECT
-- resolved_person_role() = 'admin')`) instead of comparing an InitPlan's text in the row filter.
-- Why: the planner estimates `$role = ANY (...)` and `$role = 'admin'` as equalities (0.5 % each),
-- so the whole policy came out at about 1.5 % of the tenant's rows, one row for the average tenant,
-- while an educator sees every learner who shares their data (6,920 of 9,226 in the bench's largest
-- tenant). An educator's roster (ORDER BY lti_user_id LIMIT 50) then took a bitmap scan of the
-- whole tenant and a top-N sort (2.97 ms there) instead of walking the (tenant_id, lti_user_id)
-- index until 50 rows pass (0.16 ms); which of the two the planner picked moved with the
-- statistics (the bench's tps ratio 1.004 in one full run, 0.415 in the next). A boolean parameter
-- is estimated at 50 %, which puts the policy near the share of rows staff really see (the scan's
-- estimate: 1 -> 73 rows at the bench's full size, 2 -> 87 at its quick size), and at the full
-- size the ordered walk wins. The plan is priced for the average tenant, never the actual one (the
-- tenant is an InitPlan parameter: no row counts leak between tenants), so where tenants average
-- about a hundred learners the planner may still sort; that sort reads a few hundred rows.
-- The cost, measured: a student who lists profiles with ORDER BY ... LIMIT (they see one row:
-- their own) now walks their tenant's index in order instead of a bitmap scan of it: 1.70 ->
-- 2.64 ms in the largest tenant; both read the whole tenant. A student's profile by LTI subject
-- or user id (every launch) is a unique-index probe either way. perf/staff_check_once chose `= 1`
-- integers for the other staff policies for the opposite reason (a student's course lookup
-- flipped to a sequential scan at 50 %); here the rows staff read are the ones that decide.
-- Who sees what does not change: the same three tests joined by the same ORs, on the same
-- stamp-resolved app_private.resolved_person_role() and own_visible_learner_ids(); NULL for a
-- person without a role as before (NULL AND x, NULL OR x). tenant_isolation (restrictive) is
-- untouched. On Citus (citus/policies owns the policy texts) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/learner_profiles_roster_estimate: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY learner_profiles_select_app ON app.learner_profiles
        USING (id = ANY ((SELECT app_private.own_visible_learner_ids())::uuid[])
               OR ((SELECT app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach']))
                   AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none')
               OR (SELECT app_private.resolved_person_role() = 'admin'));
    COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
        'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing not none); admins all of the tenant. Decided from the row (no array of visible ids). The role tests are boolean InitPlans, which the planner estimates at 50 % of the rows (staff see most of their tenant), so an educator''s ordered, limited roster walks the (tenant_id, lti_user_id) index and stops (perf/learner_profiles_roster_estimate).';
END
$deploy$;

COMMIT;
