-- Deploy tenantdb:perf/binding_check_fewer_calls to pg
-- The binding check every context lookup inlines (app_private.context_is_current(), with
-- app_private.transaction_binding()) with fewer function calls (issue 13, docs/benchmarks-analysis.md,
-- "Session 5: the lookups"). The executor sets up every function call of an inlined lookup on each
-- execution (EXECUTE check, function lookup, output-function lookup for a cast), and the binding
-- check was two thirds of a lookup's calls; an exact A/B in one session (sql/bench/binding_check_ab.sql)
-- measured this form 0.45-0.56 µs less per lookup InitPlan (10-15 %).
-- - transaction_binding() builds '<pid>:<µs>' with one concat_ws(':', pg_backend_pid(), <µs>)
--   instead of two ::text casts and two ||: concat_ws writes each argument with its type's output
--   function (int4out, int8out), as the casts did, and neither argument is ever NULL (concat_ws
--   would skip a NULL), so the text is the same, byte for byte. bind_context() writes stamps with
--   the same function, so stamps and checks cannot disagree.
-- - context_is_current() reads the stamp as starts_with(coalesce(stamp, ''), binding || ':')
--   instead of coalesce(starts_with(NULLIF(stamp, ''), ...), false): the same truth table, never
--   NULL. Unset: coalesce gives '', which starts with no binding (a binding is never empty), so
--   false, as before; '' (after RESET or the end of a SET LOCAL): false, as before; any other stamp:
--   starts_with(stamp, binding || ':') in both.
-- Every caller is an SQL function that inlines these bodies when a statement is planned, so it picks
-- them up unchanged. On Citus, citus/transaction_binding and citus/binding_before_distribution bind
-- to the distributed transaction and citus/string_bodies keeps string bodies: nothing to change there.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $fewer$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/binding_check_fewer_calls: citus keeps its binding functions, nothing to change';
        RETURN;
    END IF;
    CREATE OR REPLACE FUNCTION app_private.transaction_binding()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
                                (pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint);
    COMMENT ON FUNCTION app_private.transaction_binding() IS
        'This backend and this transaction as text, ''<pid>:<transaction start in microseconds>'': the part of app.context_stamp that binds a context to the transaction that set it. One concat_ws() call (inlined into every lookup: each call is set up per statement). Parallel restricted (a worker has another pid).';

    CREATE OR REPLACE FUNCTION app_private.context_is_current()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN pg_catalog.starts_with(coalesce(pg_catalog.current_setting('app.context_stamp', true), ''),
                                  app_private.transaction_binding() || ':');
    COMMENT ON FUNCTION app_private.context_is_current() IS
        'True when app.context_stamp names this backend and this transaction (the context was set in this transaction). Never NULL: an unset or empty stamp is false (coalesce to '''', which starts with no binding). Inlined into the accessors; app.current_user_id() needs no more (see context_is_bound).';
END
$fewer$;

COMMIT;
