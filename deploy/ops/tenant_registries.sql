-- Deploy tenantdb:ops/tenant_registries to pg
-- The two security registries that carry a tenant_id (no RLS on purpose, no client grants)
-- become readable and deletable by the maintenance group, so tenant export and erasure
-- (tenantdb tenant export / erase, run as a maintenance login) see and remove a tenant's rows
-- in them like in every other tenant table:
--   * app_private.conversation_share_links holds only SHA-256 hashes of share tokens (not
--     usable as a bearer link) and where they lead: tenant data of the kind the maintenance
--     group already reads everywhere (it has BYPASSRLS and reads every tenant's rows, audit
--     log and credential ciphertext included). Erasure must delete them with the tenant.
--   * app_private.client_logins binds client logins to tenants; the maintenance group already
--     writes it (app_private.bind_client_login). Erasure must remove a binding whose tenant goes.
-- No INSERT or UPDATE: links are still written only by the conversations trigger, bindings only
-- by bind_client_login(). Client roles keep no privilege on either table.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

GRANT SELECT, DELETE ON app_private.conversation_share_links TO tenantdb_maintenance;
GRANT SELECT, DELETE ON app_private.client_logins TO tenantdb_maintenance;

COMMIT;
