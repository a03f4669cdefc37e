-- Revert tenantdb:integrations/integration_configs from pg
BEGIN;

DROP TABLE app.integration_configs;

COMMIT;
