-- Revert tenantdb:identity/auth_tokens from pg
BEGIN;

DROP FUNCTION app.consume_auth_token(text, text);
DROP TABLE app.auth_tokens;

COMMIT;
