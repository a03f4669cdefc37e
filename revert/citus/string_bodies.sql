-- Revert tenantdb:citus/string_bodies from pg
-- Re-creates every function the deploy rewrote exactly as it was (its SQL-standard body, saved in
-- app_private.citus_replaced_functions) and drops the
-- saved-functions table. Without the citus extension the deploy changed nothing and so
-- does this.
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
    FOR f IN SELECT * FROM app_private.citus_replaced_functions ORDER BY function_name LOOP
        EXECUTE f.original_definition;
    END LOOP;
    DROP TABLE app_private.citus_replaced_functions;
END
$citus$;

COMMIT;
