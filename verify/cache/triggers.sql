-- Verify tenantdb:cache/triggers on pg
BEGIN;

SELECT 1 / (count(*) = 3)::int FROM pg_catalog.pg_trigger
WHERE tgname = 'cache_invalidation' AND tgfoid = 'cache_private.record_row_change()'::regprocedure;
SELECT 1 / (count(*) = 1)::int FROM pg_catalog.pg_trigger
WHERE tgname = 'cache_visibility_change' AND tgfoid = 'cache_private.record_visibility_change()'::regprocedure;
SELECT 1 / (count(*) = 2)::int FROM pg_catalog.pg_trigger
WHERE tgname IN ('cache_role_change', 'cache_person_deleted') AND tgfoid = 'cache_private.record_person_change()'::regprocedure;

ROLLBACK;
