-- Revert tenantdb:perf/learner_data_key_policies from pg
-- The select policies read the array of visible learner ids again (perf/resolved_context's form),
-- the learner-led indexes get back their (tenant_id, learner_id, <time> DESC) definition, and
-- the key index and the bound functions go.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
DECLARE
    t text;
    learner_index text;
    time_column text;
    noun text;
BEGIN
    IF pg_catalog.to_regprocedure('app_private.visible_learner_ids_bound(text)') IS NULL THEN
        RETURN;  -- deployed on Citus: nothing was changed
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        learner_index := CASE t WHEN 'learning_sessions' THEN 'learning_sessions_learner_start_idx'
                                WHEN 'struggle_events' THEN 'struggle_events_learner_detected_idx'
                                ELSE 'intervention_logs_learner_delivered_idx' END;
        time_column := CASE t WHEN 'learning_sessions' THEN 'session_start' WHEN 'struggle_events' THEN 'detected_at'
                              ELSE 'delivered_at' END;
        noun := CASE t WHEN 'learning_sessions' THEN 'sessions' WHEN 'struggle_events' THEN 'struggles'
                       ELSE 'interventions' END;
        EXECUTE format('ALTER POLICY %I ON app.%I USING (learner_id = ANY ((SELECT app_private.resolved_visible_learner_ids())::uuid[]))',
                       t || '_select_app', t);
        EXECUTE format('COMMENT ON POLICY %I ON app.%I IS %L', t || '_select_app', t,
                       format('A student reads their own %s; educators and coaches those of learners who share their data; admins all. An index condition on learner_id.',
                              CASE t WHEN 'struggle_events' THEN 'struggle events' ELSE noun END));
        EXECUTE format('DROP INDEX app.%I', t || '_data_key_idx');
        EXECUTE format('DROP INDEX app.%I', learner_index);
        EXECUTE format('CREATE INDEX %I ON app.%I (tenant_id, learner_id, %I DESC)', learner_index, t, time_column);
        EXECUTE format('COMMENT ON INDEX app.%I IS %L', learner_index,
                       format('A learner''s %s, newest first (the student''s own-row policy); covers the learner foreign key.', noun));
    END LOOP;
    DROP FUNCTION app_private.visible_learner_ids_bound(text);
END
$revert$;

COMMIT;
