-- Verify tenantdb:learning/intervention_logs on pg
BEGIN;

SELECT tenant_id, id, learner_id, session_id, struggle_event_id, intervention_type, content, outcome, delivered_at
FROM app.intervention_logs WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.intervention_logs'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.intervention_logs'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
