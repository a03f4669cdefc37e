-- Revert tenantdb:security/context_signing_key from pg
BEGIN;

DROP TABLE app_private.context_signing_key;
DROP FUNCTION app_private.hmac_sha256(bytea, bytea, bytea);
DROP FUNCTION app_private.hmac_sha256_pad(bytea, integer);

COMMIT;
