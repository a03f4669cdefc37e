-- Verify tenantdb:identity/auth_tokens on pg
BEGIN;

SELECT tenant_id, id, user_id, purpose, token_sha256, single_use, created_at, expires_at, used_at
FROM app.auth_tokens WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.auth_tokens'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.auth_tokens'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;
SELECT 'app.consume_auth_token(text, text)'::regprocedure;

ROLLBACK;
