-- Verify tenantdb:perf/learning_sessions_learner_led_key on pg
-- The learner key of app.learning_sessions is led by (tenant_id, learner_id), and both session
-- foreign keys point at it.
BEGIN;

SELECT 1 / count(*)::int FROM pg_catalog.pg_constraint c
WHERE c.conrelid = 'app.learning_sessions'::regclass AND c.conname = 'learning_sessions_learner_key'
  AND pg_catalog.pg_get_constraintdef(c.oid) = 'UNIQUE (tenant_id, learner_id, id)';

SELECT 1 / (count(*) = 2)::int FROM pg_catalog.pg_constraint f
JOIN pg_catalog.pg_constraint k ON k.conindid = f.conindid AND k.contype = 'u'
WHERE f.contype = 'f' AND f.confrelid = 'app.learning_sessions'::regclass
  AND f.conname IN ('struggle_events_session_fkey', 'intervention_logs_session_fkey')
  AND k.conname = 'learning_sessions_learner_key' AND f.convalidated;

ROLLBACK;
