-- Verify tenantdb:security/tenant_led_indexes on pg
BEGIN;

SELECT 'app.user_sessions_tenant_expiry_idx'::regclass,
       'app.auth_tokens_tenant_expiry_idx'::regclass,
       'app.external_connections_tenant_key_id_idx'::regclass;

DO $verify$
BEGIN
    IF pg_catalog.to_regclass('app.user_sessions_expiry_idx') IS NOT NULL
       OR pg_catalog.to_regclass('app.auth_tokens_expiry_idx') IS NOT NULL
       OR pg_catalog.to_regclass('app.external_connections_key_id_idx') IS NOT NULL THEN
        RAISE EXCEPTION 'a global (not tenant-led) index is still there';
    END IF;
END
$verify$;

ROLLBACK;
