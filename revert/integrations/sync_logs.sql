-- Revert tenantdb:integrations/sync_logs from pg
BEGIN;

DROP TABLE app.sync_logs;

COMMIT;
