-- Revert tenantdb:learning/struggle_events from pg
BEGIN;

DROP TABLE app.struggle_events;

COMMIT;
