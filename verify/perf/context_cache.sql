-- Verify tenantdb:perf/context_cache on pg (the instance reworked after @v0.2.0)
-- Where the tenantdb_context extension is installed: the seven accessors are one call of the
-- library; only tenantdb_owner may remember a context; a context set_context() bound is
-- remembered and read; a tenant set by hand is not, and bound_tenant_id() is NULL then. Elsewhere
-- (no extension, Citus) the accessors are not the library's and nothing is checked here.
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
        IF pg_catalog.pg_get_functiondef(accessor::pg_catalog.regprocedure)
           !~ 'RETURN tenantdb_context\.remembered_(uuid|text|uuids)\(''[a-z_]+''::text, [^)]*\)\s*$' THEN
            RAISE EXCEPTION 'perf/context_cache: % is not one call of the tenantdb_context library', accessor;
        END IF;
    END LOOP;
    IF pg_catalog.has_function_privilege('tenantdb_app', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('tenantdb_owner', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remembered_uuid(text,text)', 'EXECUTE')
       OR pg_catalog.has_schema_privilege('tenantdb_client', 'tenantdb_context', 'USAGE') THEN
        RAISE EXCEPTION 'perf/context_cache: only tenantdb_owner may remember a context; clients run the accessors'' calls, inlined only';
    END IF;
    PERFORM app.set_context('11111111-1111-4111-8111-111111111111', NULL);
    IF NOT tenantdb_context.bound_context_is_remembered()
       OR app.current_tenant_id() IS DISTINCT FROM '11111111-1111-4111-8111-111111111111'
       OR app.bound_tenant_id() IS DISTINCT FROM '11111111-1111-4111-8111-111111111111' THEN
        RAISE EXCEPTION 'perf/context_cache: the context set_context() bound is not remembered';
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', '22222222-2222-4222-8222-222222222222', true);
    IF tenantdb_context.bound_context_is_remembered() OR app.bound_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'perf/context_cache: a tenant set by hand is remembered';
    END IF;
END
$verify$;

ROLLBACK;
