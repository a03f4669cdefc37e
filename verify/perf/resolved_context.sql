-- Verify tenantdb:perf/resolved_context on pg
BEGIN;

SELECT 'app_private.lookup_person_context()'::regprocedure,
       'app_private.resolved_context_signature(text, text, text)'::regprocedure,
       'app_private.staff_visible_learner_ids()'::regprocedure,
       'app_private.rebind_resolved_context()'::regprocedure,
       'app_private.resolved_visible_learner_ids()'::regprocedure;
SELECT 1 / (NOT pg_catalog.has_function_privilege('tenantdb_client', 'app_private.resolved_context_signature(text, text, text)', 'EXECUTE'))::int;
SELECT 1 / (NOT pg_catalog.has_function_privilege('tenantdb_app', 'app_private.bind_context(uuid, uuid)', 'EXECUTE'))::int;
SELECT 1 / count(*)::int / (count(*) = 4)::int FROM pg_catalog.pg_trigger WHERE tgname LIKE '%\_rebind\_resolved\_context' AND NOT tgisinternal;
-- The accessors no longer query: no definer, and a context without a person resolves to nothing.
SELECT 1 / (NOT p.prosecdef)::int FROM pg_catalog.pg_proc p WHERE p.oid = 'app_private.resolved_person_role()'::regprocedure;
-- The policies inline the resolved lookups (e.g. the roster policy of app.users).
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.users'::regclass AND p.polname = 'users_select_app'
  AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%app_private.resolved_person_role()%';
SELECT app.set_context('11111111-1111-4111-8111-111111111111', NULL);
SET LOCAL ROLE tenantdb_owner;
SELECT 1 / (app_private.resolved_person_role() IS NULL)::int, 1 / (app_private.resolved_course_ids() = '{}')::int;
RESET ROLE;
-- An edited role in the stamp breaks its HMAC: no context (checked where clients pay it).
SELECT set_config('app.context_stamp', regexp_replace(current_setting('app.context_stamp'), '^([^:]*:[^:]*):[^:]*:', '\1:admin:'), true);
SET LOCAL ROLE tenantdb_owner;
DO $$
BEGIN
    PERFORM app.current_tenant_id();
    RAISE EXCEPTION 'a role edited in the stamp was accepted';
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;

ROLLBACK;
