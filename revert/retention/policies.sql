-- Revert tenantdb:retention/policies from pg
BEGIN;

DROP TABLE app.retention_policies;

COMMIT;
