-- Revert tenantdb:perf/learning_sessions_learner_led_key from pg
-- Back to the key (tenant_id, id, learner_id) of learning/learning_sessions and the foreign keys
-- as learning/struggle_events and learning/intervention_logs wrote them (every row kept).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

ALTER TABLE app.struggle_events DROP CONSTRAINT struggle_events_session_fkey;
ALTER TABLE app.intervention_logs DROP CONSTRAINT intervention_logs_session_fkey;
ALTER TABLE app.learning_sessions DROP CONSTRAINT learning_sessions_learner_key;

ALTER TABLE app.learning_sessions ADD CONSTRAINT learning_sessions_learner_key UNIQUE (tenant_id, id, learner_id);
COMMENT ON CONSTRAINT learning_sessions_learner_key ON app.learning_sessions IS
    'Target of the composite foreign keys of struggle events and interventions: an event of a session belongs to that session''s learner.';

ALTER TABLE app.struggle_events ADD CONSTRAINT struggle_events_session_fkey
    FOREIGN KEY (tenant_id, session_id, learner_id)
    REFERENCES app.learning_sessions (tenant_id, id, learner_id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT struggle_events_session_fkey ON app.struggle_events IS 'The session is the same learner''s, in the same tenant; deleted with the session.';

ALTER TABLE app.intervention_logs ADD CONSTRAINT intervention_logs_session_fkey
    FOREIGN KEY (tenant_id, session_id, learner_id)
    REFERENCES app.learning_sessions (tenant_id, id, learner_id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT intervention_logs_session_fkey ON app.intervention_logs IS 'The session is the same learner''s, in the same tenant; deleted with the session.';

COMMIT;
