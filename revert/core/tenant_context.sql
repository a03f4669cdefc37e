-- Revert tenantdb:core/tenant_context from pg
BEGIN;

DROP FUNCTION app.current_user_id();
DROP FUNCTION app.current_tenant_id();
DROP FUNCTION app_private.context_uuid(text);
DROP FUNCTION app_private.reject_context(text, text);

COMMIT;
