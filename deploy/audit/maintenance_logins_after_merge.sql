-- Deploy tenantdb:audit/maintenance_logins_after_merge to pg
-- security/bound_context replaced app_private.audit_row_change() with the body it had before
-- audit/maintenance_logins, so a retention run (or an erasure) by a login of the maintenance
-- group was audited row by row again (session_user is the login, never 'tenantdb_maintenance').
-- This is bound_context's function with the membership test of audit/maintenance_logins.
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
    actor uuid;
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
    outer_person text := pg_catalog.current_setting('app.user_id', true);
    outer_stamp text := pg_catalog.current_setting('app.context_stamp', true);
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
    -- The acting person only from a bound context (a maintenance job has none).
    IF pg_catalog.current_setting('is_superuser', true) = 'on' OR app_private.context_is_bound() THEN
        actor := app_private.context_uuid('app.user_id');
    END IF;
    -- The owner obeys RLS: write under the audited row's tenant (a bound context of the owner's
    -- own), then restore the caller's settings.
    PERFORM app_private.bind_context(row_tenant, actor);
    INSERT INTO app.audit_log (tenant_id, actor_user_id, actor_db_role, table_name, operation, row_key, old_values, new_values)
    VALUES (row_tenant, actor, session_user, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP,
            pg_catalog.jsonb_build_object('id', coalesce(after_image, before_image) -> 'id'),
            before_image, after_image);
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true),
            pg_catalog.set_config('app.user_id', coalesce(outer_person, ''), true),
            pg_catalog.set_config('app.context_stamp', coalesce(outer_stamp, ''), true);
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.audit_row_change() IS
    'AFTER ROW trigger: appends who (the bound context''s user, session_user), what (table, operation, id) and the before/after images to app.audit_log; trigger arguments name columns to leave out (secrets, bulky content). Definer, so clients need no INSERT on the log.';

COMMIT;
