-- Verify tenantdb:perf/leakproof_lookup_operators on pg
-- citext_eq and jsonb_contains are LEAKPROOF (verified as a superuser, who can set it; nothing to
-- check on Citus or for another role).
BEGIN;

SELECT 1 / count(*)::int FROM pg_catalog.pg_proc p
WHERE p.oid = 'pg_catalog.jsonb_contains(jsonb, jsonb)'::regprocedure
  AND (p.proleakproof
       OR EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user));

SELECT 1 / count(*)::int FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_extension e ON e.extname = 'citext' AND p.pronamespace = e.extnamespace
WHERE p.proname = 'citext_eq'
  AND (p.proleakproof
       OR EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user));

ROLLBACK;
