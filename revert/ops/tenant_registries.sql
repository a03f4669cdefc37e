-- Revert tenantdb:ops/tenant_registries from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

REVOKE SELECT, DELETE ON app_private.conversation_share_links FROM tenantdb_maintenance;
REVOKE SELECT, DELETE ON app_private.client_logins FROM tenantdb_maintenance;

COMMIT;
