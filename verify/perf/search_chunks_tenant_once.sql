-- Verify tenantdb:perf/search_chunks_tenant_once on pg
-- search_chunks() reads the tenant once and plans each call for it; still an invoker function.
BEGIN;

SELECT 1 / count(*)::int FROM pg_catalog.pg_proc p
WHERE p.oid = 'app.search_chunks(public.vector, integer)'::regprocedure
  AND NOT p.prosecdef
  AND 'plan_cache_mode=force_custom_plan' = ANY (p.proconfig)
  AND p.prosrc LIKE '%tenant constant uuid := app.current_tenant_id()%';

ROLLBACK;
