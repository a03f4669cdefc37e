-- Revert tenantdb:identity/user_profiles from pg
BEGIN;

DROP TABLE app.user_profiles;

COMMIT;
