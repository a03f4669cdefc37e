-- Deploy tenantdb:core/schemas to pg
-- app: tables, views and functions clients use. app_private: internals (definer functions that
-- policies call, trigger functions); clients get no USAGE on it, so they cannot call into it by name.
BEGIN;

CREATE SCHEMA app AUTHORIZATION tenantdb_owner;
COMMENT ON SCHEMA app IS
    'tenantdb product schema: tenant tables (RLS forced), read models and client-callable functions.';

CREATE SCHEMA app_private AUTHORIZATION tenantdb_owner;
COMMENT ON SCHEMA app_private IS
    'tenantdb internals: definer functions used inside policies and trigger functions. No client role has USAGE.';

REVOKE ALL ON SCHEMA app_private FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT USAGE ON SCHEMA app_private TO tenantdb_maintenance;

-- Functions the owner creates are not executable by PUBLIC; each change grants what it means to.
ALTER DEFAULT PRIVILEGES FOR ROLE tenantdb_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Clients find the product schema first without having to say so.
DO $search_path$
BEGIN
    EXECUTE format('ALTER ROLE tenantdb_app IN DATABASE %I SET search_path = app, public', current_database());
    EXECUTE format('ALTER ROLE tenantdb_service IN DATABASE %I SET search_path = app, public', current_database());
    EXECUTE format('ALTER ROLE tenantdb_maintenance IN DATABASE %I SET search_path = app, public', current_database());
END
$search_path$;

COMMIT;
