-- Verify tenantdb:learning/learner_profiles on pg
BEGIN;

SELECT tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings, created_at, updated_at
FROM app.learner_profiles WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.learner_profiles'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.learner_profiles'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
