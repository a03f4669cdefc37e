-- Verify tenantdb:audit/triggers on pg
BEGIN;

SELECT 1 / (count(*) = 7)::int FROM pg_catalog.pg_trigger
WHERE tgfoid = 'app_private.audit_row_change()'::regprocedure;

ROLLBACK;
