-- Verify tenantdb:cache/visibility on pg
BEGIN;

SELECT 1 / pg_catalog.has_function_privilege('tenantdb_app', 'app.cache_visibility()', 'EXECUTE')::int;
SELECT 1 / (NOT pg_catalog.has_function_privilege('public', 'app.cache_visibility()', 'EXECUTE'))::int;

SELECT 1 / (NOT prosecdef)::int FROM pg_catalog.pg_proc WHERE oid = 'app.cache_visibility()'::regprocedure;

ROLLBACK;
