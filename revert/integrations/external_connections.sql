-- Revert tenantdb:integrations/external_connections from pg
BEGIN;

DROP TABLE app.external_connections;

COMMIT;
