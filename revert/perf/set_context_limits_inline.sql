-- Revert tenantdb:perf/set_context_limits_inline from pg
-- app.set_context() calls app_private.apply_tenant_limits() again (security/bound_context's body).
-- On Citus the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;  -- deployed on Citus: nothing was changed
    END IF;

CREATE OR REPLACE FUNCTION app.set_context(tenant uuid, person uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
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
    PERFORM app_private.apply_tenant_limits(tenant);
END
$function$;
    COMMENT ON FUNCTION app.set_context(uuid, uuid) IS
    'The tenant-context contract in one call, first in every transaction: SELECT app.set_context(tenant, person). Sets app.tenant_id and app.user_id transaction-locally with a stamp binding them to this transaction; person is the acting user (tenantdb_app), NULL for the service role. Not executable by tenantdb_client (it uses app.set_token).';
END
$revert$;

COMMIT;
