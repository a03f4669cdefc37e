-- Revert tenantdb:audit/maintenance_logins from pg
BEGIN;

SET LOCAL ROLE tenantdb_owner;

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
    -- only a login as the maintenance role can ask for that.
    IF session_user = 'tenantdb_maintenance'
       AND coalesce(pg_catalog.current_setting('tenantdb.retention_run_id', true), '') <> '' THEN
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
    'AFTER ROW trigger: appends who (app.user_id, session_user), what (table, operation, id) and the before/after images to app.audit_log; trigger arguments name columns to leave out (secrets, bulky content). Definer, so clients need no INSERT on the log.';
COMMENT ON COLUMN app.audit_log.actor_db_role IS 'Database role that logged in (session_user): tenantdb_app, tenantdb_service, tenantdb_maintenance, ...';

COMMIT;
