-- Verify tenantdb:core/tenants on pg
BEGIN;

SELECT id, slug, name, status, settings, created_at, updated_at FROM app.tenants WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.tenants'::regclass;

ROLLBACK;
