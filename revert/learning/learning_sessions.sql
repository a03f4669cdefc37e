-- Revert tenantdb:learning/learning_sessions from pg
BEGIN;

DROP TABLE app.learning_sessions;

COMMIT;
