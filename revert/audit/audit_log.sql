-- Revert tenantdb:audit/audit_log from pg
BEGIN;

DROP TABLE app.audit_log;
DROP FUNCTION app_private.audit_row_change();
DROP FUNCTION app_private.forbid_audit_change();

COMMIT;
