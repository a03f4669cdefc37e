-- Revert tenantdb:workspaces/phases from pg
BEGIN;

DROP TABLE app.phases;

COMMIT;
