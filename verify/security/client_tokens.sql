-- Verify tenantdb:security/client_tokens on pg
BEGIN;

SELECT 'app.set_token(text)'::regprocedure;
SELECT 1 / pg_catalog.has_function_privilege('tenantdb_client', 'app.set_token(text)', 'EXECUTE')::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_client', 'app_private.token_keys', 'SELECT'))::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_maintenance', 'app_private.token_keys', 'SELECT'))::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_client', 'app_private.client_logins', 'SELECT'))::int;
SELECT 1 / (app_private.base64url_decode('aGk') = 'hi'::bytea)::int;
SELECT 1 / app_private.constant_time_equal('\x0102'::bytea, '\x0102'::bytea)::int;
SELECT 1 / (NOT app_private.constant_time_equal('\x0102'::bytea, '\x0103'::bytea))::int;

ROLLBACK;
