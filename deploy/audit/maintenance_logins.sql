-- Deploy tenantdb:audit/maintenance_logins to pg
-- Since security/group_roles nobody logs in as tenantdb_maintenance: retention runs as a login of
-- that group. audit_row_change() recognised the retention run by session_user =
-- 'tenantdb_maintenance' and so audited every archived row again; it now asks whether the login
-- inherits the maintenance group. The audit log's actor_db_role is the login (session_user),
-- which names the service that acted, not only its group.
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
COMMENT ON COLUMN app.audit_log.actor_db_role IS
    'Login that connected (session_user): a service''s own login (tenantdb role add), whose group is tenantdb_app, tenantdb_service or tenantdb_maintenance.';

COMMIT;
