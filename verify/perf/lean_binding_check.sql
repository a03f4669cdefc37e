-- Verify tenantdb:perf/lean_binding_check on pg
-- The binding check has no NULLIF node and is still never NULL: false for an unset and for an
-- empty stamp. On Citus the string body stays.
BEGIN;

SELECT 1 / (pg_catalog.pg_get_functiondef('app_private.context_is_current()'::regprocedure)
            ~ 'starts_with\(COALESCE\(current_setting\(''app\.context_stamp''::text, true\), ''''::text\), \(app_private\.transaction_binding\(\)'
            AND pg_catalog.pg_get_functiondef('app_private.context_is_current()'::regprocedure) !~ 'NULLIF')::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

SELECT 1 / (app_private.context_is_current() IS FALSE)::int
WHERE pg_catalog.current_setting('app.context_stamp', true) IS NULL;
SELECT pg_catalog.set_config('app.context_stamp', '', true);
SELECT 1 / (app_private.context_is_current() IS FALSE)::int;
SELECT pg_catalog.set_config('app.context_stamp', 'garbage', true);
SELECT 1 / (app_private.context_is_current() IS FALSE)::int;

ROLLBACK;
