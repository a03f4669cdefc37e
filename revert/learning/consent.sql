-- Revert tenantdb:learning/consent from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

ALTER POLICY intervention_logs_select_app ON app.intervention_logs
    USING (learner_id = (SELECT app_private.current_learner_id())
           OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin'));
COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
    'A student reads their own interventions; educators, coaches and admins read every learner''s.';
ALTER POLICY struggle_events_select_app ON app.struggle_events
    USING (learner_id = (SELECT app_private.current_learner_id())
           OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin'));
COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
    'A student reads their own struggle events; educators, coaches and admins read every learner''s.';
ALTER POLICY learning_sessions_select_app ON app.learning_sessions
    USING (learner_id = (SELECT app_private.current_learner_id())
           OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin'));
COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
    'A student reads their own sessions; educators, coaches and admins read every learner''s.';
ALTER POLICY learner_profiles_select_app ON app.learner_profiles
    USING (user_id = (SELECT app.current_user_id())
           OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin'));
COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
    'A student reads their own profile; educators, coaches and admins read every learner of the tenant.';

DROP FUNCTION app_private.visible_learner_ids();
ALTER POLICY learner_profiles_select_for_definer ON app.learner_profiles
    USING (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY learner_profiles_select_for_definer ON app.learner_profiles IS
    'Lets owner-run definer functions (current_learner_id) read the acting person''s own learner profile, in the current tenant only.';

COMMIT;
