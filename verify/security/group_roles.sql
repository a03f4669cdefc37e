-- Verify tenantdb:security/group_roles on pg
BEGIN;

DO $verify$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles
               WHERE rolname IN ('tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance') AND rolcanlogin) THEN
        RAISE EXCEPTION 'a tenantdb group role can still log in';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_roles
        WHERE rolname IN ('tenantdb_app', 'tenantdb_service', 'tenantdb_maintenance')) <> 3 THEN
        RAISE EXCEPTION 'a tenantdb group role is missing';
    END IF;
END
$verify$;

ROLLBACK;
