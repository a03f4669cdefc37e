-- Verify tenantdb:ops/tenant_limits on pg
BEGIN;

SELECT name, statement_timeout_ms, idle_in_transaction_timeout_ms, note FROM app_private.tenant_tiers WHERE false;
SELECT tenant_id, tier FROM app_private.tenant_limits WHERE false;
SELECT 1 / (c.relrowsecurity AND c.relforcerowsecurity)::int FROM pg_catalog.pg_class c WHERE c.oid = 'app_private.tenant_limits'::regclass;
SELECT 1 / has_function_privilege('tenantdb_app', 'app.apply_tenant_limits()', 'EXECUTE')::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_app', 'app_private.tenant_limits', 'SELECT'))::int;

ROLLBACK;
