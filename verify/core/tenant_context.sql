-- Verify tenantdb:core/tenant_context on pg
BEGIN;

SELECT 1 / (app.current_tenant_id() IS NULL)::int;
SELECT set_config('app.tenant_id', '11111111-1111-4111-8111-111111111111', true);
SELECT 1 / (app.current_tenant_id() = '11111111-1111-4111-8111-111111111111')::int;
SELECT 1 / (pg_catalog.has_function_privilege('tenantdb_app', 'app.current_user_id()', 'EXECUTE'))::int;

ROLLBACK;
