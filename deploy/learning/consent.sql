-- Deploy tenantdb:learning/consent to pg
-- Consent in the database: educators and coaches read a learner's data only when the learner
-- shares it with the institution (privacy_settings.data_sharing 'institution' or 'research';
-- absent means 'none', as the table's CHECK reads it). The learner reads their own, tenant
-- admins read all (the institution's compliance duty), the service role the whole tenant.
--
-- One definer function computes, once per statement, the learner ids the acting person may
-- read; every learner-data SELECT policy is `learner_id = ANY (that array)`. That is an index
-- condition on the (tenant_id, learner_id, ...) indexes, so a student's query never visits a
-- classmate's row: EXPLAIN ANALYZE shows no "Rows Removed by Filter" counting other learners'
-- sessions, struggles or interventions (the in-tenant planner side channel).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- The definer below runs as the owner, which obeys RLS: its policy now also lets it read the
-- profiles the rules make visible (shared ones, or all of them for an admin), still only in the
-- transaction's tenant (tenant_isolation is restrictive).
ALTER POLICY learner_profiles_select_for_definer ON app.learner_profiles
    USING (user_id = (SELECT app.current_user_id())
           OR coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none'
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learner_profiles_select_for_definer ON app.learner_profiles IS
    'Lets owner-run definer functions read the acting person''s own learner profile (current_learner_id), profiles shared with the institution, or every profile when an admin acts (visible_learner_ids); current tenant only.';

CREATE FUNCTION app_private.visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(array_agg(lp.id ORDER BY lp.id), '{}')
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = (SELECT app.current_tenant_id())
      AND (lp.user_id = (SELECT app.current_user_id())
           OR (SELECT app_private.current_person_role()) = 'admin'
           OR ((SELECT app_private.current_person_role()) IN ('educator', 'coach')
               AND coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'));
END;
COMMENT ON FUNCTION app_private.visible_learner_ids() IS
    'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Definer, fixed search_path; used inside policies (once per statement).';
REVOKE ALL ON FUNCTION app_private.visible_learner_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.visible_learner_ids() TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

-- Admins are named separately: a profile an admin creates is not in the array computed at the
-- start of the INSERT, and INSERT ... RETURNING must see the new row.
ALTER POLICY learner_profiles_select_app ON app.learner_profiles
    USING (id = ANY ((SELECT app_private.visible_learner_ids())::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
    'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing); admins all of the tenant.';

ALTER POLICY learning_sessions_select_app ON app.learning_sessions
    USING (learner_id = ANY ((SELECT app_private.visible_learner_ids())::uuid[]));
COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
    'A student reads their own sessions; educators and coaches those of learners who share their data; admins all. An index condition on learner_id.';

ALTER POLICY struggle_events_select_app ON app.struggle_events
    USING (learner_id = ANY ((SELECT app_private.visible_learner_ids())::uuid[]));
COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
    'A student reads their own struggle events; educators and coaches those of learners who share their data; admins all. An index condition on learner_id.';

ALTER POLICY intervention_logs_select_app ON app.intervention_logs
    USING (learner_id = ANY ((SELECT app_private.visible_learner_ids())::uuid[]));
COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
    'A student reads their own interventions; educators and coaches those of learners who share their data; admins all. An index condition on learner_id.';

COMMIT;
