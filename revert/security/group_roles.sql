-- Revert tenantdb:security/group_roles from pg
-- The groups log in again, as in v0.1.0. Roles are cluster-wide: every database of this cluster
-- sees the change. Logins created with `tenantdb role add` are left alone (drop them with
-- `tenantdb role drop NAME`).
BEGIN;

ALTER ROLE tenantdb_app LOGIN;
ALTER ROLE tenantdb_service LOGIN;
ALTER ROLE tenantdb_maintenance LOGIN;

COMMENT ON ROLE tenantdb_app IS
    'User-facing application role: requests made on behalf of a person. Needs app.tenant_id and app.user_id per transaction; the person''s role in the tenant decides what they see.';
COMMENT ON ROLE tenantdb_service IS
    'Platform back-end role (analytics, ingestion, RAG): needs app.tenant_id per transaction and sees every row of that tenant, nothing else.';
COMMENT ON ROLE tenantdb_maintenance IS
    'Maintenance role with BYPASSRLS for tenant provisioning, backups and retention jobs. Never used by clients.';

COMMIT;
