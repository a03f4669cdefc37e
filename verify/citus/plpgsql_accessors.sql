-- Verify tenantdb:citus/plpgsql_accessors on pg
-- With Citus the three accessors are PL/pgSQL; without it they are the inlinable SQL functions.
BEGIN;

SELECT 1 / (SELECT pg_catalog.bool_and(l.lanname = CASE
                WHEN EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN 'plpgsql' ELSE 'sql' END)::int
              FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
             WHERE p.oid IN ('app.current_tenant_id()'::regprocedure, 'app.current_user_id()'::regprocedure,
                             'app_private.context_uuid(text)'::regprocedure));

ROLLBACK;
