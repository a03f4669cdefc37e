-- Verify tenantdb:citus/set_local_context on pg
-- With Citus: bind_context() forwards the context with SET LOCAL. Without Citus: unchanged.
BEGIN;

SELECT 1 / (CASE
    WHEN EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
        THEN pg_catalog.to_regprocedure('app_private.forward_context_to_workers()') IS NOT NULL
             AND pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure),
                                   'PERFORM app_private.forward_context_to_workers()') > 0
    ELSE pg_catalog.to_regprocedure('app_private.forward_context_to_workers()') IS NULL
END)::int;

ROLLBACK;
