-- Verify tenantdb:integrations/integration_configs on pg
BEGIN;

SELECT tenant_id, id, service_type, is_enabled, config, created_at, updated_at FROM app.integration_configs WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.integration_configs'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.integration_configs'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
