-- Deploy tenantdb:core/roles to pg
-- The four database roles. Roles are cluster-wide: create them only when missing, and
-- (re)assert their attributes every time, so a role someone altered by hand is corrected.
BEGIN;

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_owner') THEN
        CREATE ROLE tenantdb_owner;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_app') THEN
        CREATE ROLE tenantdb_app;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_service') THEN
        CREATE ROLE tenantdb_service;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_maintenance') THEN
        CREATE ROLE tenantdb_maintenance;
    END IF;
END
$roles$;

-- Nobody logs in as the owner; it only owns objects. FORCE ROW LEVEL SECURITY makes it obey RLS.
ALTER ROLE tenantdb_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
-- Client roles: log in, own nothing, never bypass RLS, inherit nothing.
ALTER ROLE tenantdb_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
ALTER ROLE tenantdb_service LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
-- Maintenance: provisioning, backups, retention. Crosses tenants; never handed to clients.
ALTER ROLE tenantdb_maintenance LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS NOINHERIT;

COMMENT ON ROLE tenantdb_owner IS
    'Owns every tenantdb object. NOLOGIN; subject to RLS because every tenant table is FORCEd.';
COMMENT ON ROLE tenantdb_app IS
    'User-facing application role: requests made on behalf of a person. Needs app.tenant_id and app.user_id per transaction; the person''s role in the tenant decides what they see.';
COMMENT ON ROLE tenantdb_service IS
    'Platform back-end role (analytics, ingestion, RAG): needs app.tenant_id per transaction and sees every row of that tenant, nothing else.';
COMMENT ON ROLE tenantdb_maintenance IS
    'Maintenance role with BYPASSRLS for tenant provisioning, backups and retention jobs. Never used by clients.';

-- Connecting to this database.
DO $grants$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO tenantdb_app, tenantdb_service, tenantdb_maintenance',
                   current_database());
END
$grants$;

COMMIT;
