-- Verify tenantdb:identity/user_sessions on pg
BEGIN;

SELECT tenant_id, id, user_id, created_at, last_accessed_at, expires_at, user_agent, client_ip
FROM app.user_sessions WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.user_sessions'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.user_sessions'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;
SELECT 'app.delete_expired_sessions(integer)'::regprocedure;

ROLLBACK;
