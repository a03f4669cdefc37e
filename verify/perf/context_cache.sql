-- Verify tenantdb:perf/context_cache on pg
-- With the extension: the accessors are C functions of tenantdb_context, their SQL twins exist,
-- bind_context() remembers what it binds, and only tenantdb_owner may call remember_bound_context().
-- Without it (no extension on the server, Citus, a deployer that is not a superuser): the accessors
-- are still SQL.
BEGIN;

DO $verify$
DECLARE
    accessor text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context') THEN
        IF (SELECT l.lanname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            WHERE p.oid = 'app.current_tenant_id()'::pg_catalog.regprocedure) <> 'sql' THEN
            RAISE EXCEPTION 'perf/context_cache: app.current_tenant_id() is not SQL, but the extension is missing';
        END IF;
        RETURN;
    END IF;
    FOREACH accessor IN ARRAY ARRAY['app.current_tenant_id()', 'app.current_user_id()', 'app.bound_tenant_id()',
        'app_private.resolved_person_role()', 'app_private.resolved_learner_id()', 'app_private.resolved_course_ids()',
        'app_private.resolved_workspace_ids(text)', 'app_private.resolved_learner_data_bound(text)'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                       WHERE p.oid = accessor::pg_catalog.regprocedure AND l.lanname = 'c'
                         AND p.probin = '$libdir/tenantdb_context' AND p.provolatile = 's') THEN
            RAISE EXCEPTION 'perf/context_cache: % is not the stable C function of tenantdb_context', accessor;
        END IF;
        IF pg_catalog.to_regprocedure(pg_catalog.regexp_replace(
               pg_catalog.replace(accessor, 'app.', 'app_private.'), '\(', '_from_stamp(')) IS NULL THEN
            RAISE EXCEPTION 'perf/context_cache: the SQL twin of % is missing', accessor;
        END IF;
    END LOOP;
    IF pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::pg_catalog.regprocedure),
                         'tenantdb_context.remember_bound_context()') = 0 THEN
        RAISE EXCEPTION 'perf/context_cache: bind_context() does not remember the context it binds';
    END IF;
    IF pg_catalog.has_function_privilege('tenantdb_app', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remember_bound_context()', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('tenantdb_owner', 'tenantdb_context.remember_bound_context()', 'EXECUTE') THEN
        RAISE EXCEPTION 'perf/context_cache: only tenantdb_owner may execute tenantdb_context.remember_bound_context()';
    END IF;
END
$verify$;

ROLLBACK;
