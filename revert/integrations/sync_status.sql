-- Revert tenantdb:integrations/sync_status from pg
BEGIN;

DROP TABLE app.sync_status;

COMMIT;
