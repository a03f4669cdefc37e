-- Revert tenantdb:security/function_search_paths_after_merge from pg
BEGIN;

ALTER FUNCTION app_private.require_tenant_context() RESET search_path;
ALTER FUNCTION app_private.constant_time_equal(bytea, bytea) RESET search_path;
ALTER FUNCTION app_private.refuse_token(text, text) RESET search_path;
ALTER FUNCTION app_private.forbid_receipt_change() RESET search_path;

COMMIT;
