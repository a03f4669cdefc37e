-- Revert tenantdb:partitions/interactions from pg
-- app.interactions as a plain table again, every row kept.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

SELECT app_private.rebuild_history_table('app.interactions', NULL);

COMMIT;
