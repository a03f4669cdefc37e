-- Revert tenantdb:core/tenants from pg
BEGIN;

DROP TABLE app.tenants;

COMMIT;
