-- Revert tenantdb:learning/concepts from pg
BEGIN;

DROP TABLE app.concepts;

COMMIT;
