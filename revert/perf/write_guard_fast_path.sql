-- Revert tenantdb:perf/write_guard_fast_path from pg
-- Back to security/bound_context's write guard (definition, search_path setting and comment as
-- landed) and no app.bound_tenant_id(); on Citus the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    CREATE OR REPLACE FUNCTION app_private.require_tenant_context()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp  -- as security/function_search_paths set it
    AS $function$
DECLARE
    reason text;
BEGIN
    -- Only the statement a client issued is checked (trigger depth 1). Deeper writes are part of
    -- a statement that already passed: foreign-key actions (ON DELETE CASCADE / SET NULL), which
    -- run as the table owner, and the schema's own triggers (clients cannot add triggers).
    IF pg_catalog.pg_trigger_depth() = 1
       AND NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        -- The accessor raises 42501 without a bound context; say which statement needed it.
        BEGIN
            PERFORM app.current_tenant_id();
        EXCEPTION WHEN insufficient_privilege THEN
            GET STACKED DIAGNOSTICS reason = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION '% on %.% needs a tenant context', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'app.tenant_id is not set for this transaction: ' || reason,
                      HINT = 'Begin every transaction with SELECT app.set_context(''<tenant uuid>'', ''<user uuid>'') (tenantdb_client logins: SELECT app.set_token(''<token>'')).';
        END;
    END IF;
    RETURN NULL;
END
$function$;
    COMMENT ON FUNCTION app_private.require_tenant_context() IS
        'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when the transaction has no bound tenant context (app.set_context); roles with BYPASSRLS excepted; writes made by foreign-key actions and the schema''s triggers inside an accepted statement are not re-checked.';
    DROP FUNCTION app.bound_tenant_id();
END
$revert$;

COMMIT;
