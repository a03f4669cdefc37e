-- Verify tenantdb:citus/definer_entry_points on pg
-- With Citus: the client groups have no USAGE on app_private, and every function saved is a
-- definer with a fixed search_path; without Citus: nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_definer_functions') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/definer_entry_points changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    IF pg_catalog.has_schema_privilege('tenantdb_app', 'app_private', 'USAGE')
       OR pg_catalog.has_schema_privilege('tenantdb_client', 'app_private', 'USAGE') THEN
        RAISE EXCEPTION 'client groups have USAGE on app_private';
    END IF;
    PERFORM 1 / (NOT EXISTS (SELECT FROM app_private.citus_definer_functions s
                               JOIN pg_catalog.pg_proc p ON p.oid = s.function_name::pg_catalog.regprocedure
                              WHERE NOT p.prosecdef OR NOT ('search_path=pg_catalog, pg_temp' = ANY (p.proconfig))))::int;
END
$verify$;

ROLLBACK;
