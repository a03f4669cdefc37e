-- Revert tenantdb:security/group_roles from pg
-- The groups log in again, as in v0.1.0, unless logins inherit them. Roles are cluster-wide:
-- while any login is a member (another database of this cluster may still run this change, and
-- its services connect as those logins), a group stays NOLOGIN, as core/roles keeps a role
-- another database uses; `ALTER ROLE tenantdb_app LOGIN` by hand if clients must connect as the
-- group. Logins are left alone (drop them with `tenantdb role drop NAME`).
BEGIN;

DO $revert$
DECLARE
    group_name text;
BEGIN
    FOREACH group_name IN ARRAY ARRAY['tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance'] LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                   WHERE g.rolname = group_name) THEN
            RAISE NOTICE 'keeping % NOLOGIN: logins are members of it', group_name;
        ELSE
            EXECUTE pg_catalog.format('ALTER ROLE %I LOGIN', group_name);
        END IF;
    END LOOP;
END
$revert$;

COMMENT ON ROLE tenantdb_app IS
    'User-facing application role: requests made on behalf of a person. Needs app.tenant_id and app.user_id per transaction; the person''s role in the tenant decides what they see.';
COMMENT ON ROLE tenantdb_service IS
    'Platform back-end role (analytics, ingestion, RAG): needs app.tenant_id per transaction and sees every row of that tenant, nothing else.';
COMMENT ON ROLE tenantdb_maintenance IS
    'Maintenance role with BYPASSRLS for tenant provisioning, backups and retention jobs. Never used by clients.';

COMMIT;
