-- Revert tenantdb:security/client_role from pg
-- The role is cluster-wide: it is dropped only when no other database uses it and it has no members.
BEGIN;

REVOKE USAGE ON SCHEMA app FROM tenantdb_client;
DO $revert$
DECLARE
    this_db oid := (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database());
    role_oid oid := (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_client');
BEGIN
    EXECUTE pg_catalog.format('REVOKE ALL ON DATABASE %I FROM tenantdb_client', pg_catalog.current_database());
    EXECUTE pg_catalog.format('ALTER ROLE tenantdb_client IN DATABASE %I RESET ALL', pg_catalog.current_database());
    IF EXISTS (SELECT FROM pg_catalog.pg_shdepend d
               WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass AND d.refobjid = role_oid AND d.dbid <> this_db)
       OR EXISTS (SELECT FROM pg_catalog.pg_db_role_setting s WHERE s.setrole = role_oid AND s.setdatabase <> this_db)
       OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m WHERE m.roleid = role_oid OR m.member = role_oid) THEN
        RAISE NOTICE 'keeping role tenantdb_client: another database or role still uses it';
    ELSE
        DROP ROLE tenantdb_client;
    END IF;
END
$revert$;

COMMIT;
