-- Revert tenantdb:identity/users from pg
BEGIN;

DROP TABLE app.users;

COMMIT;
