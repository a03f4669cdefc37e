-- Verify tenantdb:learning/struggle_events on pg
BEGIN;

SELECT tenant_id, id, learner_id, session_id, concept_id, kind, severity, signals, detected_at
FROM app.struggle_events WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.struggle_events'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.struggle_events'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
