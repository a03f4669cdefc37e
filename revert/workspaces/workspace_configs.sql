-- Revert tenantdb:workspaces/workspace_configs from pg
BEGIN;

DROP TABLE app.workspace_configs;

COMMIT;
