-- Revert tenantdb:citus/plpgsql_accessors from pg
-- Back to the inlinable SQL accessors of security/bound_context (definitions and comments as
-- landed); without the citus extension the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app_private.context_uuid(setting_name text)
         RETURNS uuid
         LANGUAGE sql
         STABLE PARALLEL SAFE
        RETURN CASE WHEN (NULLIF(current_setting(setting_name, true), ''::text) IS NULL) THEN NULL::uuid WHEN (NULLIF(current_setting(setting_name, true), ''::text) ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'::text) THEN (NULLIF(current_setting(setting_name, true), ''::text))::uuid ELSE app_private.reject_context(setting_name, NULLIF(current_setting(setting_name, true), ''::text)) END
    $ddl$;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app.current_tenant_id()
         RETURNS uuid
         LANGUAGE sql
         STABLE PARALLEL RESTRICTED
        RETURN CASE WHEN ((NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) OR app_private.context_is_bound()) THEN app_private.context_uuid('app.tenant_id'::text) ELSE app_private.reject_missing_context('app.tenant_id'::text) END
    $ddl$;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app.current_user_id()
         RETURNS uuid
         LANGUAGE sql
         STABLE PARALLEL RESTRICTED
        RETURN CASE WHEN ((NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) OR app_private.context_is_current()) THEN app_private.context_uuid('app.user_id'::text) ELSE app_private.reject_missing_context('app.user_id'::text) END
    $ddl$;
    COMMENT ON FUNCTION app_private.context_uuid(text) IS 'Reads a uuid-valued context setting: NULL when unset or empty, the uuid when canonical, error 22P02 naming the setting otherwise.';
    COMMENT ON FUNCTION app.current_tenant_id() IS 'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';
    COMMENT ON FUNCTION app.current_user_id() IS 'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes.';
END
$citus$;

COMMIT;
