-- Verify tenantdb:identity/users on pg
BEGIN;

SELECT tenant_id, id, email, display_name, role, sso_provider, sso_id, lti_user_id, created_at, updated_at, last_login_at
FROM app.users WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.users'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.users'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
