-- Revert tenantdb:citus/transaction_binding from pg
-- Back to security/bound_context's binding (this backend's pid and transaction start); without
-- the citus extension the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app_private.transaction_binding()
        RETURNS text
        LANGUAGE sql
        STABLE
        PARALLEL RESTRICTED
        RETURN pg_catalog.pg_backend_pid()::text || ':'
               || ((pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint)::text
    $ddl$;
    -- CREATE OR REPLACE replaces every attribute: SECURITY INVOKER and no SET clause again.
    COMMENT ON FUNCTION app_private.transaction_binding() IS
        'This backend and this transaction as text, ''<pid>:<transaction start in microseconds>'': the part of app.context_stamp that binds a context to the transaction that set it. Parallel restricted (a worker has another pid).';
END
$citus$;

COMMIT;
