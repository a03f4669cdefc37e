-- Deploy tenantdb:perf/lean_binding_check to pg
-- app_private.context_is_current(), the binding check every context lookup inlines (issue 13,
-- docs/benchmarks-analysis.md, "Session 5: the lookups"), without its NULLIF node: the executor
-- sets up every function call of an inlined lookup on each execution (EXECUTE check and function
-- lookup for a non-superuser), and NULLIF(stamp, '') is one (its texteq), about 0.4 µs of the
-- 3-5 µs of each lookup's InitPlan for a tenantdb_app session. COALESCE is no function call.
-- Same truth table, never NULL, as before:
--   stamp unset (NULL): before NULLIF -> NULL, starts_with NULL, coalesce false;
--                       now    coalesce -> '', starts_with('', binding || ':') false;
--   stamp '' (RESET, or SET LOCAL ended): before NULL -> false; now starts_with('', ...) false;
--   any other stamp:    starts_with(stamp, binding || ':') in both.
-- The binding (transaction_binding(), which Citus replaces), the HMAC check of client sessions
-- (context_is_bound(), app.current_tenant_id()) and every caller are unchanged: the callers are
-- SQL functions that inline this body when a statement is planned, so they pick it up as they are.
-- On Citus, citus/string_bodies re-created this function as a string body (Citus cannot propagate
-- SQL-standard ones): nothing to change there.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $lean$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/lean_binding_check: citus keeps the string-body binding check, nothing to change';
        RETURN;
    END IF;
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
$lean$;

COMMIT;
