-- Deploy tenantdb:perf/write_guard_fast_path to pg
-- The write guard (trigger tenant_context_required, app_private.require_tenant_context(), a
-- statement trigger of every tenant table) without a subtransaction or a catalog query when the
-- transaction has a bound context (issue 13; figures in docs/benchmarks-analysis.md, "Session 6:
-- the write guard"). Until now every write statement of a non-bypassing role looked its role up
-- in pg_roles (an SPI query on a view) and called app.current_tenant_id() inside
-- BEGIN ... EXCEPTION, a subtransaction, only to turn the accessor's 42501 into a message naming
-- the statement ('INSERT on app.users needs a tenant context', the accessor's reason as DETAIL).
-- Now, first, for roles RLS applies to (row_security_active(TG_RELID): relation and role caches,
-- no query; false for superusers, BYPASSRLS and the owner of a table without FORCE, which keep
-- the landed path):
-- - app.bound_tenant_id(): the tenant as app.current_tenant_id() returns it when the context is
--   bound (the accessor's own test: the stamp of this backend and transaction and, for
--   tenantdb_client sessions, a right HMAC; the same cast, so a value edited by hand after the
--   bind raises 22P02 as before), NULL instead of 42501 when it is not. An inlinable SQL
--   function with a SQL-standard body in schema app: its names are bound when it is created, so
--   the guard, which runs with the writer's privileges, can call it from a client session
--   (clients have no USAGE on app_private, and PL/pgSQL resolves names when it runs: the fast
--   path tried in session 6 failed there with 42501). It tells a caller nothing that
--   app.current_tenant_id() does not (its own tenant, or that it has none); queries keep the
--   raising accessor (a missing context must fail, not read as no rows).
-- - a tenant: the statement passes, no subtransaction, no pg_roles query.
-- Otherwise (no context, another transaction's stamp, a hand-set or forged context, a bound
-- context without a tenant, a role that bypasses RLS) the guard runs exactly the landed code:
-- same outcome, SQLSTATE, message, DETAIL and HINT.
-- On Citus the accessors are PL/pgSQL (citus/plpgsql_accessors) and bind to the distributed
-- transaction: this change is a no-op there (the guard and the accessors stay as they are).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $guard$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/write_guard_fast_path: citus keeps its accessors and the landed guard, nothing to change';
        RETURN;
    END IF;

    CREATE FUNCTION app.bound_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
             AND (NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
                  OR NOT (pg_catalog.pg_has_role(SESSION_USER, 'tenantdb_client', 'MEMBER')
                          OR pg_catalog.pg_has_role(CURRENT_USER, 'tenantdb_client', 'MEMBER'))
                  OR app_private.context_signature_is_valid())
            THEN NULLIF(pg_catalog.current_setting('app.tenant_id', true), '')::uuid
    END;
    COMMENT ON FUNCTION app.bound_tenant_id() IS
        'The tenant of a context bound to this transaction (app.set_context / app.set_token; for tenantdb_client sessions with a right HMAC), as app.current_tenant_id() returns it, else NULL instead of 42501. The accessor''s own test, written out (SQL-standard body: client sessions run it without USAGE on app_private). For checks (the write guard''s fast path, perf/write_guard_fast_path), not for queries: a query must fail without a context, so policies and queries use app.current_tenant_id().';
    REVOKE ALL ON FUNCTION app.bound_tenant_id() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app.bound_tenant_id()
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    CREATE OR REPLACE FUNCTION app_private.require_tenant_context()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        reason text;
    BEGIN
        -- Only the statement a client issued is checked (trigger depth 1). Deeper writes are part of
        -- a statement that already passed: foreign-key actions (ON DELETE CASCADE / SET NULL), which
        -- run as the table owner, and the schema's own triggers (clients cannot add triggers).
        IF pg_catalog.pg_trigger_depth() <> 1 THEN
            RETURN NULL;
        END IF;
        -- Fast path, for roles RLS applies to: a bound context's tenant (the accessor's cast:
        -- 22P02 for a value edited by hand, as before) passes without a subtransaction.
        -- Two IFs, not one AND: the executor checks EXECUTE on every function of an expression
        -- when it sets the expression up, so roles RLS does not apply to and that may not call
        -- app.bound_tenant_id() (the BYPASSRLS function owners, e.g. the audit eraser deleting a
        -- tenant's audit rows) must never reach the inner one.
        IF pg_catalog.row_security_active(TG_RELID) THEN
            IF app.bound_tenant_id() IS NOT NULL THEN
                RETURN NULL;
            END IF;
        END IF;
        -- Anything else: the landed check, unchanged (same error, detail and hint).
        IF NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
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
        'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when the transaction has no bound tenant context (app.set_context); roles with BYPASSRLS excepted; writes made by foreign-key actions and the schema''s triggers inside an accepted statement are not re-checked. A bound context (app.bound_tenant_id()) passes without a subtransaction or a catalog query for roles RLS applies to (perf/write_guard_fast_path); everything else takes the landed exception block that names the statement.';
END
$guard$;

COMMIT;
