-- Deploy tenantdb:core/tenant_context to pg
-- The tenant context contract. A client sets, per transaction:
--     SET LOCAL app.tenant_id = '<tenant uuid>';   -- or set_config('app.tenant_id', '<uuid>', true)
--     SET LOCAL app.user_id   = '<user uuid>';     -- the acting person (user-facing role)
-- After the transaction (or RESET) the setting reads '' rather than NULL: both mean "no context".
-- The accessors use SQL-standard bodies (RETURN ...), bound at creation, so calling them needs no
-- USAGE on app_private.
-- Only the canonical 8-4-4-4-12 hex form is accepted, so no odd spelling maps to some tenant.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.reject_context(setting_name text, raw_value text)
RETURNS uuid
LANGUAGE plpgsql
STABLE
PARALLEL SAFE
AS $function$
BEGIN
    RAISE EXCEPTION 'invalid tenant context: % is %, which is not a uuid', setting_name, pg_catalog.quote_literal(raw_value)
        USING ERRCODE = 'invalid_text_representation',
              HINT = pg_catalog.format('Set it per transaction to a canonical uuid: SET LOCAL %s = ''xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx''', setting_name);
END
$function$;
COMMENT ON FUNCTION app_private.reject_context(text, text) IS
    'Raises 22P02 naming a context setting whose value is not a canonical uuid; called by context_uuid() for malformed values only.';

-- A single SQL expression, so the planner inlines it into the accessors and the policies: the
-- context costs current_setting() calls, not a PL/pgSQL call, per statement. Only a malformed
-- value reaches the PL/pgSQL helper above, which raises.
CREATE FUNCTION app_private.context_uuid(setting_name text)
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL SAFE
RETURN CASE
    WHEN NULLIF(pg_catalog.current_setting(setting_name, true), '') IS NULL THEN NULL
    WHEN NULLIF(pg_catalog.current_setting(setting_name, true), '')
         OPERATOR(pg_catalog.~) '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        THEN NULLIF(pg_catalog.current_setting(setting_name, true), '')::uuid
    ELSE app_private.reject_context(setting_name, NULLIF(pg_catalog.current_setting(setting_name, true), ''))
END;
COMMENT ON FUNCTION app_private.context_uuid(text) IS
    'Reads a uuid-valued context setting: NULL when unset or empty, the uuid when canonical, error 22P02 naming the setting otherwise.';

CREATE FUNCTION app.current_tenant_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL SAFE
RETURN app_private.context_uuid('app.tenant_id');
COMMENT ON FUNCTION app.current_tenant_id() IS
    'The tenant of the current transaction (setting app.tenant_id), NULL when none is set. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

CREATE FUNCTION app.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL SAFE
RETURN app_private.context_uuid('app.user_id');
COMMENT ON FUNCTION app.current_user_id() IS
    'The acting person of the current transaction (setting app.user_id), NULL when none is set.';

-- The accessors are called from policies, so every role that queries tenant tables needs them.
GRANT EXECUTE ON FUNCTION app_private.context_uuid(text) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT EXECUTE ON FUNCTION app_private.reject_context(text, text) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT EXECUTE ON FUNCTION app.current_tenant_id() TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT EXECUTE ON FUNCTION app.current_user_id() TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
