-- Revert tenantdb:core/extensions from pg
BEGIN;

DROP EXTENSION IF EXISTS vector;
DROP EXTENSION IF EXISTS citext;

COMMIT;
