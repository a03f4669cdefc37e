-- Verify tenantdb:security/created_by_from_context on pg
BEGIN;

SELECT 1 / (count(*) = 4)::int FROM pg_catalog.pg_trigger WHERE tgname = 'created_by_from_context';

ROLLBACK;
