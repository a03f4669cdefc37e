-- Revert tenantdb:perf/learner_profiles_consent_row_local from pg
-- Back to the policy perf/resolved_context left: consent as membership in the array of visible learner ids.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY learner_profiles_select_app ON app.learner_profiles
        USING (id = ANY ((SELECT app_private.resolved_visible_learner_ids())::uuid[])
               OR (SELECT app_private.resolved_person_role()) = 'admin');
    COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
        'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing); admins all of the tenant.';
END
$revert$;

DROP FUNCTION app_private.own_visible_learner_ids();

COMMIT;
