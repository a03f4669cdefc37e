-- Revert tenantdb:core/roles from pg
-- Roles are cluster-wide: a role is dropped only when no other database still uses it
-- (owns objects there, holds privileges there, has settings there) and nobody is a member of it.
BEGIN;

DO $revert$
DECLARE
    this_db oid := (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database());
    role_name text;
    role_oid oid;
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM tenantdb_app, tenantdb_service, tenantdb_maintenance',
                   current_database());
    FOREACH role_name IN ARRAY ARRAY['tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance', 'tenantdb_owner'] LOOP
        SELECT oid INTO role_oid FROM pg_catalog.pg_roles WHERE rolname = role_name;
        CONTINUE WHEN role_oid IS NULL;
        IF EXISTS (
            SELECT FROM pg_catalog.pg_shdepend d
            WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass
              AND d.refobjid = role_oid
              AND d.dbid <> this_db
        ) OR EXISTS (
            SELECT FROM pg_catalog.pg_db_role_setting s
            WHERE s.setrole = role_oid AND s.setdatabase <> this_db
        ) OR EXISTS (
            SELECT FROM pg_catalog.pg_auth_members m WHERE m.roleid = role_oid OR m.member = role_oid
        ) THEN
            RAISE NOTICE 'keeping role %: another database or role still uses it', role_name;
        ELSE
            EXECUTE format('DROP ROLE %I', role_name);
        END IF;
    END LOOP;
END
$revert$;

COMMIT;
