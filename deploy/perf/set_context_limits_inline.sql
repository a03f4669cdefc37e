-- Deploy tenantdb:perf/set_context_limits_inline to pg
-- Issue 13 (session 6): app.set_context() applied the tenant's tier by calling
-- app_private.apply_tenant_limits(tenant), a PL/pgSQL SECURITY DEFINER function with SET
-- search_path: ~18 us per transaction server-side around a ~5 us statement (pg_stat_statements,
-- track = all; docs/benchmarks-analysis.md, "Session 6: the cost of set_context()"). set_context()
-- has the same owner and the same fixed search_path, so it runs that statement itself and sets both
-- timeouts in one PERFORM: same tier, same settings, same RLS on tenant_limits (read as the owner
-- under the context just bound). apply_tenant_limits() stays for app.set_token() and
-- app.apply_tenant_limits(). On a database with the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $limits$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/set_context_limits_inline: nothing to change on Citus';
        RETURN;
    END IF;

CREATE OR REPLACE FUNCTION app.set_context(tenant uuid, person uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    limits record;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'app.set_context() needs a tenant id'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'SELECT app.set_context(''<tenant uuid>'', ''<user uuid>''); nothing ever falls back to a default tenant.';
    END IF;
    IF pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RAISE EXCEPTION 'a tenantdb_client login cannot choose its own context'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Present a token instead: SELECT app.set_token(''<token>'').';
    END IF;
    PERFORM app_private.bind_context(tenant, person);
    -- The tenant's tier (statement and idle-in-transaction timeouts, ops/tenant_limits), for the
    -- rest of the transaction: every client that sets a context gets its tenant's limits.
    -- apply_tenant_limits()'s statement written out (perf/set_context_limits_inline): the
    -- same statement under the same owner and search_path, without a nested definer call.
    SELECT t.statement_timeout_ms, t.idle_in_transaction_timeout_ms INTO limits
    FROM app_private.tenant_limits l JOIN app_private.tenant_tiers t ON t.name = l.tier
    WHERE l.tenant_id = tenant;
    IF FOUND THEN
        PERFORM pg_catalog.set_config('statement_timeout', limits.statement_timeout_ms || 'ms', true),
                pg_catalog.set_config('idle_in_transaction_session_timeout', limits.idle_in_transaction_timeout_ms || 'ms', true);
    END IF;
END
$function$;
    COMMENT ON FUNCTION app.set_context(uuid, uuid) IS
        'The tenant-context contract in one call, first in every transaction: SELECT app.set_context(tenant, person). Sets app.tenant_id and app.user_id transaction-locally with a stamp binding them to this transaction; person is the acting user (tenantdb_app), NULL for the service role; then applies the tenant''s tier (statement and idle-in-transaction timeouts; apply_tenant_limits()''s statement written out, perf/set_context_limits_inline). Not executable by tenantdb_client (it uses app.set_token).';
END
$limits$;

COMMIT;
