-- Revert tenantdb:perf/binding_check_fewer_calls from pg
-- Back to the binding check of security/bound_context (definitions and comments as landed); on
-- Citus the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    CREATE OR REPLACE FUNCTION app_private.transaction_binding()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN pg_catalog.pg_backend_pid()::text || ':'
           || ((pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint)::text;
    COMMENT ON FUNCTION app_private.transaction_binding() IS
        'This backend and this transaction as text, ''<pid>:<transaction start in microseconds>'': the part of app.context_stamp that binds a context to the transaction that set it. Parallel restricted (a worker has another pid).';

    CREATE OR REPLACE FUNCTION app_private.context_is_current()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN coalesce(
        pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''), app_private.transaction_binding() || ':'),
        false);
    COMMENT ON FUNCTION app_private.context_is_current() IS
        'True when app.context_stamp names this backend and this transaction (the context was set in this transaction). Never NULL. Inlined into the accessors; app.current_user_id() needs no more (see context_is_bound).';
END
$revert$;

COMMIT;
