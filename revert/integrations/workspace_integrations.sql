-- Revert tenantdb:integrations/workspace_integrations from pg
BEGIN;

DROP TABLE app.workspace_integrations;

COMMIT;
