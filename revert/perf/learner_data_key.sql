-- Revert tenantdb:perf/learner_data_key from pg
-- The triggers, their functions, the constraints and the key column go. The role
-- tenantdb_learner_data_keeper stays (roles are cluster-wide; another database may use it) but
-- loses every grant here.
BEGIN;

DO $revert$
DECLARE
    t text;
BEGIN
    IF pg_catalog.to_regprocedure('app_private.fill_learner_data_key()') IS NULL THEN
        RETURN;  -- deployed on Citus: nothing was changed
    END IF;
    DROP TRIGGER learner_data_key_sync ON app.learner_profiles;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE format('DROP TRIGGER learner_data_key_fill ON app.%I', t);
        EXECUTE format('REVOKE ALL ON app.%I FROM tenantdb_learner_data_keeper', t);
        EXECUTE format('ALTER TABLE app.%I DROP CONSTRAINT %I', t, t || '_learner_data_key_shape');
        EXECUTE format('ALTER TABLE app.%I DROP COLUMN learner_data_key', t);
    END LOOP;
    DROP FUNCTION app_private.fill_learner_data_key(), app_private.sync_learner_data_key();
    REVOKE ALL ON app.learner_profiles FROM tenantdb_learner_data_keeper;
    REVOKE USAGE ON SCHEMA app FROM tenantdb_learner_data_keeper;
END
$revert$;

COMMIT;
