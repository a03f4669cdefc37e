-- Verify tenantdb:citus/plpgsql_functions on pg
-- With Citus: the six functions are PL/pgSQL; without Citus: nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_plpgsql_functions') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/plpgsql_functions changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    PERFORM 1 / (SELECT count(*) = 6 FROM app_private.citus_plpgsql_functions s
                   JOIN pg_catalog.pg_proc p ON p.oid = s.function_name::pg_catalog.regprocedure
                   JOIN pg_catalog.pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql')::int;
END
$verify$;

ROLLBACK;
