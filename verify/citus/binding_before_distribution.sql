-- Verify tenantdb:citus/binding_before_distribution on pg
-- Every transaction has a binding (never NULL), stable within the transaction: on Citus the
-- distributed id when there is one, this backend's pid otherwise; without Citus the plain binding.
BEGIN;

SELECT 1 / (CASE
    WHEN app_private.transaction_binding() IS NULL THEN false
    WHEN EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
        THEN (app_private.transaction_binding() LIKE 'c%:%.%.%'
              OR pg_catalog.split_part(app_private.transaction_binding(), ':', 1) = pg_catalog.pg_backend_pid()::text)
             AND app_private.transaction_binding() = app_private.transaction_binding()
    ELSE pg_catalog.split_part(app_private.transaction_binding(), ':', 1) = pg_catalog.pg_backend_pid()::text
END)::int;

ROLLBACK;
