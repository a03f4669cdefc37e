-- Verify tenantdb:identity/user_profiles on pg
BEGIN;

SELECT tenant_id, user_id, bio, avatar_url, locale, time_zone, preferences, created_at, updated_at
FROM app.user_profiles WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.user_profiles'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.user_profiles'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
