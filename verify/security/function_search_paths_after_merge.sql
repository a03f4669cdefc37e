-- Verify tenantdb:security/function_search_paths_after_merge on pg
BEGIN;

SELECT 1 / (count(*) = 4)::int FROM pg_catalog.pg_proc
WHERE oid IN ('app_private.require_tenant_context()'::regprocedure, 'app_private.constant_time_equal(bytea, bytea)'::regprocedure,
              'app_private.refuse_token(text, text)'::regprocedure, 'app_private.forbid_receipt_change()'::regprocedure)
  AND 'search_path=pg_catalog, pg_temp' = ANY (proconfig);

ROLLBACK;
