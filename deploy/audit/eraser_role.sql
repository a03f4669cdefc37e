-- Deploy tenantdb:audit/eraser_role to pg
-- The owner no longer holds UPDATE, DELETE or TRUNCATE on app.audit_log. The one deletion the
-- log allows (the rows of a tenant being erased, issue 16) moves to a role of its own:
-- tenantdb_audit_eraser (NOLOGIN, owns nothing but app_private.erase_tenant_records()), which
-- holds DELETE and SELECT (tenant_id) on app.audit_log and archive.archived_rows and nothing else.
-- It bypasses RLS so the function needs no policy of its own: the function's WHERE tenant_id =
-- target is the scope, and the append-only trigger lets a DELETE through only for this role
-- while the transaction is marked with the tenant it erases.
-- A foreign key makes PostgreSQL check the referencing table as its owner with SELECT ... FOR
-- KEY SHARE, which needs UPDATE on it: the key audit_log_tenant_fkey therefore gives way to the
-- trigger refuse_delete_with_audit_rows on app.tenants (a tenant with audit rows cannot be
-- deleted, as before); rows are written only for tenants that exist (trigger images of their
-- rows, retention summaries), and nobody can insert under another tenant (RLS WITH CHECK).
-- Residual: the owner owns app.audit_log, so it could GRANT the privileges back to itself or
-- disable the trigger; nobody logs in as the owner, and lint audit_log_rewritable flags any role
-- that holds them.
BEGIN;

DO $role$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_audit_eraser') THEN
        CREATE ROLE tenantdb_audit_eraser;
    END IF;
END
$role$;
ALTER ROLE tenantdb_audit_eraser NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS NOINHERIT;
COMMENT ON ROLE tenantdb_audit_eraser IS
    'Owns app_private.erase_tenant_records() and nothing else; holds only DELETE and SELECT (tenant_id) on app.audit_log and archive.archived_rows. NOLOGIN; BYPASSRLS so the function is scoped by its own WHERE tenant_id = target.';

GRANT USAGE ON SCHEMA app, app_private, archive TO tenantdb_audit_eraser;
GRANT SELECT (tenant_id), DELETE ON app.audit_log, archive.archived_rows TO tenantdb_audit_eraser;
REVOKE UPDATE, DELETE, TRUNCATE ON app.audit_log FROM tenantdb_owner;

-- The owner's erasure policies go: the owner deletes nothing from the log any more (the
-- eraser bypasses RLS and needs none).
DROP POLICY audit_log_select_for_erasure ON app.audit_log;
DROP POLICY audit_log_delete_for_erasure ON app.audit_log;
DROP POLICY archived_rows_select_for_erasure ON archive.archived_rows;
DROP POLICY archived_rows_delete_for_erasure ON archive.archived_rows;

SET LOCAL ROLE tenantdb_owner;

CREATE OR REPLACE FUNCTION app_private.forbid_audit_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'tenantdb_audit_eraser'
       AND coalesce(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '') <> '' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; add a new row instead.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_audit_change() IS
    'Trigger of app.audit_log: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them (the owner too, which holds no such privilege either); the one exception is app_private.erase_tenant_records() (role tenantdb_audit_eraser) deleting the rows of the tenant it erases.';

CREATE OR REPLACE FUNCTION app_private.erase_tenant_records(target uuid)
RETURNS TABLE (table_name text, rows_deleted bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    n bigint;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'erase_tenant_records needs a tenant id' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', target::text, true);
    DELETE FROM app.audit_log a WHERE a.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'app.audit_log'; rows_deleted := n; RETURN NEXT;
    DELETE FROM archive.archived_rows r WHERE r.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'archive.archived_rows'; rows_deleted := n; RETURN NEXT;
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', '', true);
END
$function$;
COMMENT ON FUNCTION app_private.erase_tenant_records(uuid) IS
    'Part of erasing a tenant: deletes its rows from the append-only app.audit_log and archive.archived_rows and returns the counts. Definer owned by tenantdb_audit_eraser (the only role that may delete audit rows), executable by the maintenance role only; run it after the tenant''s other rows are deleted, in the same transaction, and record the receipt in archive.tenant_erasures.';

CREATE FUNCTION app_private.refuse_delete_with_audit_rows()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF EXISTS (SELECT FROM app.audit_log a WHERE a.tenant_id = OLD.id) THEN
        RAISE EXCEPTION 'tenant % still has audit rows', OLD.id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Erase the tenant with tenantdb tenant erase (app_private.erase_tenant_records() removes its audit rows first).';
    END IF;
    RETURN OLD;
END
$function$;
COMMENT ON FUNCTION app_private.refuse_delete_with_audit_rows() IS
    'Trigger of app.tenants: refuses to delete a tenant that still has rows in app.audit_log (what the foreign key did). Definer owned by tenantdb_audit_eraser, which may read audit_log.tenant_id across tenants.';
REVOKE ALL ON FUNCTION app_private.refuse_delete_with_audit_rows() FROM PUBLIC;

CREATE TRIGGER refuse_delete_with_audit_rows BEFORE DELETE ON app.tenants
    FOR EACH ROW EXECUTE FUNCTION app_private.refuse_delete_with_audit_rows();
COMMENT ON TRIGGER refuse_delete_with_audit_rows ON app.tenants IS
    'A tenant with audit rows cannot be deleted: erase it (the audit rows go first), as audit_log_tenant_fkey ensured before.';

RESET ROLE;
-- Deliberate: the key would need UPDATE on app.audit_log for the owner (see above); the trigger
-- refuse_delete_with_audit_rows keeps its guarantee. Hence:
-- squawk-ignore ban-drop-constraint
ALTER TABLE app.audit_log DROP CONSTRAINT audit_log_tenant_fkey;
ALTER FUNCTION app_private.refuse_delete_with_audit_rows() OWNER TO tenantdb_audit_eraser;
ALTER FUNCTION app_private.erase_tenant_records(uuid) OWNER TO tenantdb_audit_eraser;
REVOKE ALL ON FUNCTION app_private.erase_tenant_records(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.erase_tenant_records(uuid) TO tenantdb_maintenance;

COMMIT;
