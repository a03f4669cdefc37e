-- Revert tenantdb:learning/intervention_logs from pg
BEGIN;

DROP TABLE app.intervention_logs;

COMMIT;
