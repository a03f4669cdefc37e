-- Revert tenantdb:workspaces/workspace_settings from pg
BEGIN;

DROP TABLE app.workspace_settings;

COMMIT;
