-- Revert tenantdb:security/bound_context from pg
-- Back to the landed definitions (core/tenant_context, core/table_guards, audit/audit_log).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

REVOKE EXECUTE ON FUNCTION app_private.context_uuid(text) FROM tenantdb_client;
REVOKE EXECUTE ON FUNCTION app_private.reject_context(text, text) FROM tenantdb_client;
REVOKE EXECUTE ON FUNCTION app.current_tenant_id() FROM tenantdb_client;
REVOKE EXECUTE ON FUNCTION app.current_user_id() FROM tenantdb_client;

CREATE OR REPLACE FUNCTION app.current_tenant_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL SAFE
RETURN app_private.context_uuid('app.tenant_id');
COMMENT ON FUNCTION app.current_tenant_id() IS
    'The tenant of the current transaction (setting app.tenant_id), NULL when none is set. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

CREATE OR REPLACE FUNCTION app.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL SAFE
RETURN app_private.context_uuid('app.user_id');
COMMENT ON FUNCTION app.current_user_id() IS
    'The acting person of the current transaction (setting app.user_id), NULL when none is set.';

CREATE OR REPLACE FUNCTION app_private.require_tenant_context()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    -- Only the statement a client issued is checked (trigger depth 1). Deeper writes are part of
    -- a statement that already passed: foreign-key actions (ON DELETE CASCADE / SET NULL), which
    -- run as the table owner, and the schema's own triggers (clients cannot add triggers).
    IF pg_catalog.pg_trigger_depth() = 1
       AND app.current_tenant_id() IS NULL
       AND NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION '% on %.% needs a tenant context', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Set the tenant per transaction: SET LOCAL app.tenant_id = ''<tenant uuid>''';
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.require_tenant_context() IS
    'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when no tenant context is set (roles with BYPASSRLS excepted; writes made by foreign-key actions and the schema''s triggers inside an accepted statement are not re-checked).';

CREATE OR REPLACE FUNCTION app_private.audit_row_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    row_tenant uuid;
    before_image jsonb;
    after_image jsonb;
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
BEGIN
    -- Retention deletes are summarised once per run (operation RETENTION) instead of per row;
    -- only a login of the maintenance group (not a superuser, not a client) can ask for that.
    IF coalesce(pg_catalog.current_setting('tenantdb.retention_run_id', true), '') <> ''
       AND EXISTS (SELECT FROM pg_catalog.pg_roles r
                   WHERE r.rolname = session_user AND NOT r.rolsuper
                     AND pg_catalog.pg_has_role(r.oid, 'tenantdb_maintenance', 'USAGE')) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        before_image := pg_catalog.to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]);
        row_tenant := OLD.tenant_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after_image := pg_catalog.to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]);
        row_tenant := NEW.tenant_id;
    END IF;
    -- The owner obeys RLS: write under the audited row's tenant, then restore the caller's setting.
    PERFORM pg_catalog.set_config('app.tenant_id', row_tenant::text, true);
    INSERT INTO app.audit_log (tenant_id, actor_user_id, actor_db_role, table_name, operation, row_key, old_values, new_values)
    VALUES (row_tenant, app.current_user_id(), session_user, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP,
            pg_catalog.jsonb_build_object('id', coalesce(after_image, before_image) -> 'id'),
            before_image, after_image);
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true);
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.audit_row_change() IS
    'AFTER ROW trigger: appends who (app.user_id, session_user: the login, e.g. a service''s own login of tenantdb_app), what (table, operation, id) and the before/after images to app.audit_log; trigger arguments name columns to leave out (secrets, bulky content). Definer, so clients need no INSERT on the log.';

DROP FUNCTION app.set_context(uuid, uuid);
DROP FUNCTION app_private.bind_context(uuid, uuid);
DROP FUNCTION app_private.reject_missing_context(text);
DROP FUNCTION app_private.context_is_bound();
DROP FUNCTION app_private.context_is_current();
DROP FUNCTION app_private.context_signature_is_valid();
DROP FUNCTION app_private.context_signature(text, text, text);
DROP FUNCTION app_private.transaction_binding();

COMMIT;
