-- Revert tenantdb:perf/learner_profiles_roster_estimate from pg
-- Back to the policy perf/learner_profiles_consent_row_local left: the role's text compared in the row filter.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY learner_profiles_select_app ON app.learner_profiles
        USING (id = ANY ((SELECT app_private.own_visible_learner_ids())::uuid[])
               OR ((SELECT app_private.resolved_person_role()) IN ('educator', 'coach')
                   AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none')
               OR (SELECT app_private.resolved_person_role()) = 'admin');
    COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
        'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing not none); admins all of the tenant. Decided from the row (no array of visible ids): an educator''s roster costs one comparison per row, not a search of every consenting learner''s id.';
END
$revert$;

COMMIT;
