-- Verify tenantdb:security/admin_only_columns on pg
BEGIN;

SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.refuse_admin_only_columns()'::regprocedure;
SELECT 1 / (count(*) = 2)::int FROM pg_catalog.pg_trigger
WHERE tgname = 'write_columns_admin_only' AND tgrelid IN ('app.users'::regclass, 'app.learner_profiles'::regclass);

ROLLBACK;
