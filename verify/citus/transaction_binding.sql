-- Verify tenantdb:citus/transaction_binding on pg
-- With Citus: the binding names the distributed transaction and is stable within it. Without
-- Citus: the plain binding of security/bound_context is untouched (this backend's pid first).
BEGIN;

SELECT 1 / (CASE
    WHEN EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
        THEN app_private.transaction_binding() LIKE 'c%:%.%.%'
             AND app_private.transaction_binding() = app_private.transaction_binding()
    ELSE pg_catalog.split_part(app_private.transaction_binding(), ':', 1) = pg_catalog.pg_backend_pid()::text
END)::int;

ROLLBACK;
