-- Verify tenantdb:rag/interactions on pg
BEGIN;

SELECT tenant_id, id, user_id, service_type, request_data, response_data, latency_ms, created_at FROM app.interactions WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.interactions'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.interactions'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
