-- Revert tenantdb:workspaces/workspace_members from pg
BEGIN;

DROP TABLE app.workspace_members;

COMMIT;
