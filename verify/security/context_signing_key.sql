-- Verify tenantdb:security/context_signing_key on pg
BEGIN;

-- RFC 4231 test case 2: key "Jefe", message "what do ya want for nothing?".
SELECT 1 / (pg_catalog.encode(app_private.hmac_sha256(
        app_private.hmac_sha256_pad('Jefe'::bytea, 54), app_private.hmac_sha256_pad('Jefe'::bytea, 92),
        'what do ya want for nothing?'::bytea), 'hex')
    = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')::int;
SELECT 1 / (count(*) = 1)::int FROM app_private.context_signing_key;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_app', 'app_private.context_signing_key', 'SELECT'))::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_maintenance', 'app_private.context_signing_key', 'SELECT'))::int;

ROLLBACK;
