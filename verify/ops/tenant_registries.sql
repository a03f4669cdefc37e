-- Verify tenantdb:ops/tenant_registries on pg
BEGIN;

SELECT 1 / pg_catalog.has_table_privilege('tenantdb_maintenance', 'app_private.conversation_share_links', 'SELECT, DELETE')::int;
SELECT 1 / pg_catalog.has_table_privilege('tenantdb_maintenance', 'app_private.client_logins', 'SELECT, DELETE')::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_maintenance', 'app_private.client_logins', 'INSERT'))::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_app', 'app_private.conversation_share_links', 'SELECT'))::int;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_client', 'app_private.client_logins', 'SELECT'))::int;

ROLLBACK;
