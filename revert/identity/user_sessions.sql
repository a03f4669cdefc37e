-- Revert tenantdb:identity/user_sessions from pg
BEGIN;

DROP FUNCTION app.delete_expired_sessions(integer);
DROP TABLE app.user_sessions;

COMMIT;
