-- Revert tenantdb:workspaces/workspaces from pg
BEGIN;

DROP TABLE app.workspaces;

COMMIT;
