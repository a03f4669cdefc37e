-- Revert tenantdb:core/table_guards from pg
BEGIN;

DROP FUNCTION app_private.guard_tenant_table(regclass);
DROP FUNCTION app_private.set_updated_at();
DROP FUNCTION app_private.forbid_tenant_change();
DROP FUNCTION app_private.require_tenant_context();

COMMIT;
