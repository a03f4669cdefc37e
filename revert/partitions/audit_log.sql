-- Revert tenantdb:partitions/audit_log from pg
-- app.audit_log as a plain table again, every row kept.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

SELECT app_private.rebuild_history_table('app.audit_log', NULL);

COMMIT;
