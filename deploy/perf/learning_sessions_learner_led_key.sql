-- Deploy tenantdb:perf/learning_sessions_learner_led_key to pg
-- The unique key that the composite foreign keys of app.struggle_events and app.intervention_logs
-- point at becomes (tenant_id, learner_id, id) instead of (tenant_id, id, learner_id): same
-- columns, same rows, same guarantee (an event of a session belongs to that session's learner).
-- Why: under RLS a student's own sessions are `learner_id = ANY(<InitPlan array>)`, which the
-- planner prices as an average tenant's array; with 1,000 tenants it preferred to read the old
-- key along the whole tenant range (tenant_id only as the index condition, learner_id checked on
-- every entry: 211 buffers against 5 in the largest tenant; issue 13, own_learning_sessions
-- largest/small 4.7). A key led by (tenant_id, learner_id) offers no such scan: every index on
-- the table that holds learner_id now has it right after tenant_id.
-- The keys keep their names; the two foreign keys are re-added with the same actions and their
-- columns in the key's order, validated at once (every row is kept and checked).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- The foreign keys depend on the old key's index: dropped, then re-added below; hence:
-- squawk-ignore ban-drop-constraint
ALTER TABLE app.struggle_events DROP CONSTRAINT struggle_events_session_fkey;
-- squawk-ignore ban-drop-constraint
ALTER TABLE app.intervention_logs DROP CONSTRAINT intervention_logs_session_fkey;
-- squawk-ignore ban-drop-constraint
ALTER TABLE app.learning_sessions DROP CONSTRAINT learning_sessions_learner_key;

-- The deploy holds the tables' locks anyway and the old key guaranteed the same rows unique; hence:
-- squawk-ignore disallowed-unique-constraint, constraint-missing-not-valid
ALTER TABLE app.learning_sessions ADD CONSTRAINT learning_sessions_learner_key UNIQUE (tenant_id, learner_id, id);
COMMENT ON CONSTRAINT learning_sessions_learner_key ON app.learning_sessions IS
    'Target of the composite foreign keys of struggle events and interventions: an event of a session belongs to that session''s learner. Led by (tenant_id, learner_id), so a learner''s sessions are one index range in it too (perf/learning_sessions_learner_led_key).';

-- Validated in this transaction: the rows were valid under the same key before; hence:
-- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
ALTER TABLE app.struggle_events ADD CONSTRAINT struggle_events_session_fkey
    FOREIGN KEY (tenant_id, learner_id, session_id)
    REFERENCES app.learning_sessions (tenant_id, learner_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT struggle_events_session_fkey ON app.struggle_events IS 'The session is the same learner''s, in the same tenant; deleted with the session.';

-- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
ALTER TABLE app.intervention_logs ADD CONSTRAINT intervention_logs_session_fkey
    FOREIGN KEY (tenant_id, learner_id, session_id)
    REFERENCES app.learning_sessions (tenant_id, learner_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT intervention_logs_session_fkey ON app.intervention_logs IS 'The session is the same learner''s, in the same tenant; deleted with the session.';

COMMIT;
