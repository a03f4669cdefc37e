-- Revert tenantdb:core/schemas from pg
BEGIN;

DO $search_path$
BEGIN
    EXECUTE format('ALTER ROLE tenantdb_app IN DATABASE %I RESET search_path', current_database());
    EXECUTE format('ALTER ROLE tenantdb_service IN DATABASE %I RESET search_path', current_database());
    EXECUTE format('ALTER ROLE tenantdb_maintenance IN DATABASE %I RESET search_path', current_database());
END
$search_path$;

ALTER DEFAULT PRIVILEGES FOR ROLE tenantdb_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
DROP SCHEMA app_private;
DROP SCHEMA app;

COMMIT;
