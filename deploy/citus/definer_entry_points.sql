-- Deploy tenantdb:citus/definer_entry_points to pg
-- On a Citus cluster only: the functions clients reach without USAGE on app_private (they are in
-- the app schema, or a policy calls them) and whose bodies name app_private objects become
-- SECURITY DEFINER with search_path = pg_catalog, pg_temp. On Citus their bodies are strings or
-- PL/pgSQL (citus/string_bodies, citus/plpgsql_accessors), which resolve names at run time as
-- the caller: without this, every client read failed with "permission denied for schema
-- app_private", and granting USAGE instead exposed 22 app_private functions to direct calls
-- (e.g. app_private.apply_tenant_limits(<tenant B>)). As the owner, their bodies resolve the
-- names the SQL-standard bodies bound; what they return is unchanged: they read only the
-- transaction's settings (app.tenant_id, app.user_id, app.context_stamp) and call definer
-- lookups. One difference, by construction: app_private.context_is_bound(), called inside
-- app.current_tenant_id(), then sees CURRENT_USER = the owner, so a session that is not a
-- tenantdb_client login but did SET ROLE tenantdb_client (only a superuser can) is judged by
-- its login (SESSION_USER), as every client login is. Selection, at deploy: SECURITY INVOKER,
-- not a trigger, EXECUTE for a client group, body naming app_private / cache_private / archive,
-- and in the app schema or used by a policy. Each is saved with its settings in
-- app_private.citus_definer_functions for the revert. Without the citus extension this change
-- does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    f record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/definer_entry_points: no citus extension here, nothing to change';
        RETURN;
    END IF;
    CREATE TABLE app_private.citus_definer_functions (
        function_name text PRIMARY KEY,
        original_settings text[]
    );
    COMMENT ON TABLE app_private.citus_definer_functions IS
        'Citus only (citus/definer_entry_points): the functions made SECURITY DEFINER so that clients reach them without USAGE on app_private, with their settings before (proconfig), so that the revert restores them exactly. Owner only.';
    COMMENT ON COLUMN app_private.citus_definer_functions.function_name IS 'The function as regprocedure text.';
    COMMENT ON COLUMN app_private.citus_definer_functions.original_settings IS 'pg_proc.proconfig before the change (NULL: none), e.g. {search_path=pg_catalog, pg_temp}.';

    FOR f IN SELECT p.oid::regprocedure::text AS function_name, p.proconfig
               FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname IN ('app', 'app_private', 'cache_private', 'archive')
                AND NOT p.prosecdef AND p.prokind = 'f' AND p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype
                AND p.prosrc ~ '(app_private|cache_private|archive)\.'
                AND EXISTS (SELECT FROM pg_catalog.unnest(ARRAY['tenantdb_app', 'tenantdb_service', 'tenantdb_client']) AS r(role)
                             WHERE pg_catalog.has_function_privilege(r.role, p.oid, 'EXECUTE'))
                AND (n.nspname = 'app'
                     OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
                                   AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = p.oid))
              ORDER BY 1 LOOP
        INSERT INTO app_private.citus_definer_functions (function_name, original_settings) VALUES (f.function_name, f.proconfig);
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, pg_temp', f.function_name);
    END LOOP;
    PERFORM 1 / (SELECT count(*) FROM app_private.citus_definer_functions)::int;
END
$citus$;

COMMIT;
