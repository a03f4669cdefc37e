-- Revert tenantdb:ops/tenant_usage from pg
BEGIN;

DROP VIEW app_private.tenant_usage;
DROP FUNCTION app_private.tenant_table_usage();

COMMIT;
