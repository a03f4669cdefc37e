-- Verify tenantdb:security/client_role on pg
BEGIN;

SELECT 1 / (NOT r.rolcanlogin AND NOT r.rolbypassrls AND NOT r.rolsuper)::int
FROM pg_catalog.pg_roles r WHERE r.rolname = 'tenantdb_client';
SELECT 1 / pg_catalog.has_schema_privilege('tenantdb_client', 'app', 'USAGE')::int;
SELECT 1 / (NOT pg_catalog.has_schema_privilege('tenantdb_client', 'app_private', 'USAGE'))::int;

ROLLBACK;
