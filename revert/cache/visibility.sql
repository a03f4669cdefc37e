-- Revert tenantdb:cache/visibility from pg
BEGIN;

DROP FUNCTION app.cache_visibility();

COMMIT;
