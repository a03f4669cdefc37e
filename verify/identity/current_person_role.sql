-- Verify tenantdb:identity/current_person_role on pg
BEGIN;

SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.current_person_role()'::regprocedure;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy WHERE polrelid = 'app.users'::regclass AND polname = 'users_select_app';

ROLLBACK;
