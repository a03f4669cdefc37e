-- Deploy tenantdb:learning/current_learner_id to pg
-- The acting person's learner id, looked up once per statement. Policies of the learner data
-- tables (learning sessions, struggle events, interventions) call it as
-- (SELECT app_private.current_learner_id()), an InitPlan. Definer (owner) with a fixed
-- search_path, in app_private (clients hold EXECUTE for policies, but cannot call it by name).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.current_learner_id()
RETURNS uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT lp.id
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = app.current_tenant_id()
      AND lp.user_id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_learner_id() IS
    'Learner profile id of the acting person (app.user_id) in the transaction''s tenant; NULL when they have none. Definer, fixed search_path; used inside policies only.';
REVOKE ALL ON FUNCTION app_private.current_learner_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.current_learner_id() TO tenantdb_app, tenantdb_service;

CREATE POLICY learner_profiles_select_for_definer ON app.learner_profiles
    FOR SELECT TO tenantdb_owner
    USING (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY learner_profiles_select_for_definer ON app.learner_profiles IS
    'Lets owner-run definer functions (current_learner_id) read the acting person''s own learner profile, in the current tenant only.';

COMMIT;
