-- Revert tenantdb:security/client_tokens from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DROP FUNCTION app_private.forget_expired_token_ids();
DROP FUNCTION app_private.bind_client_login(name, uuid);
DROP FUNCTION app_private.token_key_ids();
DROP FUNCTION app_private.retire_token_key(text);
DROP FUNCTION app_private.load_token_key(text, bytea);
DROP FUNCTION app.set_token(text);
DROP FUNCTION app_private.refuse_token(text, text);
DROP FUNCTION app_private.constant_time_equal(bytea, bytea);
DROP FUNCTION app_private.base64url_decode(text);
DROP TABLE app_private.spent_token_ids;
DROP TABLE app_private.client_logins;
DROP TABLE app_private.token_keys;

RESET ROLE;
-- Membership is cluster-wide: keep it while another database still grants tenantdb_client anything.
DO $membership$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_shdepend d
               WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass
                 AND d.refobjid = 'tenantdb_client'::regrole
                 AND d.dbid <> (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())) THEN
        RAISE NOTICE 'keeping tenantdb_client''s membership in tenantdb_app: another database still uses tenantdb_client';
    ELSE
        REVOKE tenantdb_app FROM tenantdb_client;
    END IF;
END
$membership$;

COMMIT;
