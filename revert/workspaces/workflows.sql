-- Revert tenantdb:workspaces/workflows from pg
BEGIN;

DROP TABLE app.workflows;

COMMIT;
