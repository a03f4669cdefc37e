-- Verify tenantdb:cache/outbox on pg
BEGIN;

SELECT id, tenant_id, kind, object_id, created_at FROM cache_private.invalidations WHERE false;
SELECT 1 / (NOT pg_catalog.has_schema_privilege('tenantdb_app', 'cache_private', 'USAGE'))::int;
SELECT 1 / (NOT pg_catalog.has_schema_privilege('tenantdb_service', 'cache_private', 'USAGE'))::int;

ROLLBACK;
