-- Verify tenantdb:learning/current_learner_id on pg
BEGIN;

SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.current_learner_id()'::regprocedure;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.learner_profiles'::regclass AND polname = 'learner_profiles_select_for_definer';

ROLLBACK;
