-- Revert tenantdb:workspaces/agents from pg
BEGIN;

DROP TABLE app.agents;

COMMIT;
