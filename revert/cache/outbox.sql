-- Revert tenantdb:cache/outbox from pg
BEGIN;

DROP TABLE cache_private.invalidations;
DROP SCHEMA cache_private;

COMMIT;
