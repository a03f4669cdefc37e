-- Verify tenantdb:core/roles on pg
BEGIN;

DO $verify$
BEGIN
    IF (SELECT count(*) FROM pg_catalog.pg_roles
        WHERE rolname IN ('tenantdb_owner', 'tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance')) <> 4 THEN
        RAISE EXCEPTION 'a tenantdb role is missing';
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles
               WHERE rolname IN ('tenantdb_app', 'tenantdb_service') AND (rolbypassrls OR rolsuper)) THEN
        RAISE EXCEPTION 'a client role can bypass RLS';
    END IF;
    IF NOT (SELECT rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_maintenance') THEN
        RAISE EXCEPTION 'tenantdb_maintenance lacks BYPASSRLS';
    END IF;
END
$verify$;

ROLLBACK;
