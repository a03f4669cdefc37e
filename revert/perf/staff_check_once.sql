-- Revert tenantdb:perf/staff_check_once from pg (the instance reworked after @v0.3.0)
-- Back to the first instance's enrollments policy: the own-row test first, then the role test
-- (one InitPlan compared with 1). The other four policies were not changed by this instance.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY enrollments_select_app ON app.enrollments
        USING (user_id = (SELECT app.current_user_id())
               OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1);
    COMMENT ON POLICY enrollments_select_app ON app.enrollments IS
        'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
END
$revert$;

COMMIT;
