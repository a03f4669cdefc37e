-- Deploy tenantdb:citus/plpgsql_accessors to pg
-- On a Citus cluster only: app.current_tenant_id(), app.current_user_id() and
-- app_private.context_uuid() as PL/pgSQL (same results, same errors). Citus evaluates every
-- non-immutable function call of an INSERT/UPDATE/DELETE on the coordinator before routing it to
-- a shard, and it evaluates the inlined SQL accessors piece by piece, including the branches a
-- CASE never takes: app_private.reject_context() then raised 22P02 "invalid tenant context:
-- app.tenant_id is '<a valid uuid>', which is not a uuid" on every write and when distributing a
-- table whose rows fire a trigger or check (measured: app.retention_policies,
-- app.external_connections). A PL/pgSQL function is not inlined, so Citus evaluates each accessor
-- as a whole, once (docs/scale-out.md, "Writes"). Every name is schema-qualified (PL/pgSQL
-- resolves names at run time). Without the citus extension this change does nothing: plain
-- PostgreSQL keeps the inlinable SQL accessors (cheaper in policies).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/plpgsql_accessors: no citus extension here, nothing to change';
        RETURN;
    END IF;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app_private.context_uuid(setting_name text)
        RETURNS uuid
        LANGUAGE plpgsql
        STABLE
        PARALLEL SAFE
        AS $function$
        DECLARE
            raw_value text := NULLIF(pg_catalog.current_setting(setting_name, true), '');
        BEGIN
            IF raw_value IS NULL THEN
                RETURN NULL;
            END IF;
            IF raw_value ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
                RETURN raw_value::uuid;
            END IF;
            RETURN app_private.reject_context(setting_name, raw_value);
        END
        $function$
    $ddl$;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app.current_tenant_id()
        RETURNS uuid
        LANGUAGE plpgsql
        STABLE
        PARALLEL RESTRICTED
        AS $function$
        BEGIN
            IF NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_bound() THEN
                RETURN app_private.context_uuid('app.tenant_id');
            END IF;
            RETURN app_private.reject_missing_context('app.tenant_id');
        END
        $function$
    $ddl$;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app.current_user_id()
        RETURNS uuid
        LANGUAGE plpgsql
        STABLE
        PARALLEL RESTRICTED
        AS $function$
        BEGIN
            IF NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_current() THEN
                RETURN app_private.context_uuid('app.user_id');
            END IF;
            RETURN app_private.reject_missing_context('app.user_id');
        END
        $function$
    $ddl$;
    COMMENT ON FUNCTION app_private.context_uuid(text) IS
        'Reads a uuid-valued context setting: NULL when unset or empty, the uuid when canonical, error 22P02 naming the setting otherwise. PL/pgSQL on Citus (citus/plpgsql_accessors): evaluated as a whole, never branch by branch.';
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. PL/pgSQL on Citus (citus/plpgsql_accessors): Citus evaluates it once, as a whole, on the coordinator for writes; policies call it directly (citus/policies).';
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(). PL/pgSQL on Citus (citus/plpgsql_accessors).';
END
$citus$;

COMMIT;
