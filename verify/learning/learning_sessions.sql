-- Verify tenantdb:learning/learning_sessions on pg
BEGIN;

SELECT tenant_id, id, learner_id, course_context, session_start, session_end, behavioral_signals, interventions_delivered, created_at
FROM app.learning_sessions WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.learning_sessions'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.learning_sessions'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
