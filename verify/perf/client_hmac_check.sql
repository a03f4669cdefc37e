-- Verify tenantdb:perf/client_hmac_check on pg
-- The check cuts the stamp by bytes (no left()/right()), accepts the stamp bind_context() wrote,
-- and rejects an edited HMAC (upper case, one digit changed, truncated) or a stamp too short to
-- carry one, without an error. On Citus citus/node_local_key's check stays.
BEGIN;

SELECT 1 / (pg_catalog.pg_get_functiondef('app_private.context_signature_is_valid()'::regprocedure) ~ 'substr\('
            AND pg_catalog.pg_get_functiondef('app_private.context_signature_is_valid()'::regprocedure) !~ '"?(left|right)"?\(')::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

SELECT app.set_context('11111111-1111-4111-8111-111111111111', NULL);
SELECT 1 / app_private.context_signature_is_valid()::int;
SELECT pg_catalog.set_config('app.context_stamp', pg_catalog.upper(pg_catalog.current_setting('app.context_stamp')), true);
SELECT 1 / (NOT app_private.context_signature_is_valid())::int;
SELECT app.set_context('11111111-1111-4111-8111-111111111111', NULL);
SELECT pg_catalog.set_config('app.context_stamp', pg_catalog.left(pg_catalog.current_setting('app.context_stamp'), -1), true);
SELECT 1 / (NOT app_private.context_signature_is_valid())::int;
SELECT pg_catalog.set_config('app.context_stamp', app_private.transaction_binding() || ':x', true);
SELECT 1 / (NOT app_private.context_signature_is_valid())::int;

ROLLBACK;
