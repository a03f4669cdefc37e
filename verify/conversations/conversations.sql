-- Verify tenantdb:conversations/conversations on pg
BEGIN;

SELECT tenant_id, id, user_id, title, status, share_token_sha256, share_enabled, created_at, updated_at
FROM app.conversations WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.conversations'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.conversations'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
