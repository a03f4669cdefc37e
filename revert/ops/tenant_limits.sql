-- Revert tenantdb:ops/tenant_limits from pg
BEGIN;

DROP FUNCTION app.apply_tenant_limits();
DROP FUNCTION app_private.apply_tenant_limits(uuid);
DROP TABLE app_private.tenant_limits;
DROP TABLE app_private.tenant_tiers;

COMMIT;
