-- Verify tenantdb:core/schemas on pg
BEGIN;

SELECT 1 / (pg_catalog.has_schema_privilege('tenantdb_app', 'app', 'USAGE'))::int;
SELECT 1 / (NOT pg_catalog.has_schema_privilege('tenantdb_app', 'app_private', 'USAGE'))::int;
SELECT 1 / (NOT pg_catalog.has_schema_privilege('tenantdb_service', 'app_private', 'USAGE'))::int;

ROLLBACK;
