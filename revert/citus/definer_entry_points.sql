-- Revert tenantdb:citus/definer_entry_points from pg
-- Makes every function the deploy changed SECURITY INVOKER again with exactly its saved settings,
-- then drops app_private.citus_definer_functions; without the citus extension nothing to do.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    f record;
    setting text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR f IN SELECT * FROM app_private.citus_definer_functions ORDER BY function_name LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SECURITY INVOKER RESET ALL', f.function_name);
        FOREACH setting IN ARRAY coalesce(f.original_settings, '{}') LOOP
            EXECUTE pg_catalog.format('ALTER FUNCTION %s SET %I = %s', f.function_name,
                                      pg_catalog.split_part(setting, '=', 1), pg_catalog.substr(setting, pg_catalog.strpos(setting, '=') + 1));
        END LOOP;
    END LOOP;
    DROP TABLE app_private.citus_definer_functions;
END
$citus$;

COMMIT;
