-- Verify tenantdb:perf/binding_check_fewer_calls on pg
-- The binding text is still '<pid>:<transaction start in µs>' (the form bind_context() writes and
-- the casts produced), and the check has no NULLIF and is still never NULL: false for an unset,
-- an empty or a foreign stamp. On Citus the binding functions stay.
BEGIN;

SELECT 1 / (app_private.transaction_binding()
            = pg_catalog.pg_backend_pid()::text || ':' || ((pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint)::text
            AND pg_catalog.pg_get_functiondef('app_private.transaction_binding()'::regprocedure) ~ 'concat_ws\(')::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

SELECT 1 / (pg_catalog.pg_get_functiondef('app_private.context_is_current()'::regprocedure) !~ 'NULLIF')::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

SELECT 1 / (app_private.context_is_current() IS FALSE)::int
WHERE pg_catalog.current_setting('app.context_stamp', true) IS NULL;
SELECT pg_catalog.set_config('app.context_stamp', '', true);
SELECT 1 / (app_private.context_is_current() IS FALSE)::int;
SELECT pg_catalog.set_config('app.context_stamp', '0:0:garbage', true);
SELECT 1 / (app_private.context_is_current() IS FALSE)::int;
SELECT pg_catalog.set_config('app.context_stamp', app_private.transaction_binding() || ':', true);
SELECT 1 / (app_private.context_is_current() IS TRUE)::int;

ROLLBACK;
