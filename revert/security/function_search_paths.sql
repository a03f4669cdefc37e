-- Revert tenantdb:security/function_search_paths from pg
BEGIN;

ALTER FUNCTION app_private.reject_context(text, text) RESET search_path;
ALTER FUNCTION app_private.require_tenant_context() RESET search_path;
ALTER FUNCTION app_private.forbid_tenant_change() RESET search_path;
ALTER FUNCTION app_private.set_updated_at() RESET search_path;
ALTER FUNCTION app_private.guard_tenant_table(regclass) RESET search_path;
ALTER FUNCTION app_private.forbid_audit_change() RESET search_path;

COMMIT;
