-- Revert tenantdb:citus/plpgsql_functions from pg
-- Re-creates the six functions exactly as they were (saved in app_private.citus_plpgsql_functions;
-- a function may not change language in place, so each is re-created by CREATE OR REPLACE, which
-- keeps its owner, grants and comment), then drops that table; without the citus extension nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    f record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    FOR f IN SELECT * FROM app_private.citus_plpgsql_functions ORDER BY function_name LOOP
        EXECUTE f.original_definition;
    END LOOP;
    DROP TABLE app_private.citus_plpgsql_functions;
END
$citus$;

COMMIT;
