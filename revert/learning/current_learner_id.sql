-- Revert tenantdb:learning/current_learner_id from pg
BEGIN;

DROP POLICY learner_profiles_select_for_definer ON app.learner_profiles;
DROP FUNCTION app_private.current_learner_id();

COMMIT;
