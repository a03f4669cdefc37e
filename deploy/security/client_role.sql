-- Deploy tenantdb:security/client_role to pg
-- tenantdb_client: the group role of untrusted direct clients (a browser-side or partner
-- program holding a database password). NOLOGIN: each client gets its own login role, a member
-- of this group, bound to one tenant (security/client_tokens). Its context comes only from a
-- signed token verified inside the database (app.set_token); it cannot call app.set_context().
-- Roles are cluster-wide: create it only when missing, (re)assert its attributes every time.
BEGIN;

DO $role$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_client') THEN
        CREATE ROLE tenantdb_client;
    END IF;
END
$role$;

ALTER ROLE tenantdb_client NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
COMMENT ON ROLE tenantdb_client IS
    'Group of untrusted direct clients: each login is bound to one tenant, and every transaction needs a token verified in the database (SELECT app.set_token(...)). NOLOGIN; never owns anything or bypasses RLS.';

DO $grants$
BEGIN
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO tenantdb_client', pg_catalog.current_database());
    EXECUTE pg_catalog.format('ALTER ROLE tenantdb_client IN DATABASE %I SET search_path = app, public', pg_catalog.current_database());
END
$grants$;
GRANT USAGE ON SCHEMA app TO tenantdb_client;

COMMIT;
