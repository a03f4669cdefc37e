-- Revert tenantdb:workspaces/artifacts from pg
BEGIN;

DROP TABLE app.artifacts;

COMMIT;
