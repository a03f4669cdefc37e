-- Verify tenantdb:perf/context_cache on pg
-- With the extension: the accessors read the remembered context first, bind_context() remembers
-- what it sets, only tenantdb_owner may call remember_bound_context(), and a context set by
-- set_context() is remembered while a hand-edited one is not (and fails closed).
-- Without it (no extension on the server, Citus, a deployer that is not a superuser): nothing to check.
BEGIN;

DO $verify$
DECLARE
    accessor text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context') THEN
        RETURN;
    END IF;
    FOREACH accessor IN ARRAY ARRAY['app.current_tenant_id()', 'app.current_user_id()', 'app.bound_tenant_id()',
        'app_private.resolved_person_role()', 'app_private.resolved_learner_id()', 'app_private.resolved_course_ids()',
        'app_private.resolved_workspace_ids(text)'] LOOP
        IF pg_catalog.strpos(pg_catalog.pg_get_functiondef(accessor::pg_catalog.regprocedure),
                             'CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_') = 0 THEN
            RAISE EXCEPTION 'perf/context_cache: % does not read the remembered context', accessor;
        END IF;
    END LOOP;
    IF (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(
            pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::pg_catalog.regprocedure),
            'PERFORM tenantdb_context\.remember_bound_context\(\)', 'g')) <> 3 THEN
        RAISE EXCEPTION 'perf/context_cache: bind_context() does not remember each context it sets';
    END IF;
    IF pg_catalog.has_function_privilege('tenantdb_app', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('tenantdb_owner', 'tenantdb_context.remember_bound_context()', 'EXECUTE') THEN
        RAISE EXCEPTION 'perf/context_cache: only tenantdb_owner may execute tenantdb_context.remember_bound_context()';
    END IF;
    PERFORM app.set_context('11111111-1111-4111-8111-111111111111', NULL);
    IF NOT tenantdb_context.bound_context_is_remembered()
       OR app.current_tenant_id() IS DISTINCT FROM '11111111-1111-4111-8111-111111111111' THEN
        RAISE EXCEPTION 'perf/context_cache: the context set_context() bound is not remembered';
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', '22222222-2222-4222-8222-222222222222', true);
    IF tenantdb_context.bound_context_is_remembered() OR app.bound_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'perf/context_cache: a tenant set by hand is remembered';
    END IF;
END
$verify$;

ROLLBACK;
