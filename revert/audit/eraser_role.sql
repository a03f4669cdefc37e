-- Revert tenantdb:audit/eraser_role from pg
-- Back to ops/tenant_erasure: the owner owns the erasure function and holds UPDATE, DELETE and
-- TRUNCATE on app.audit_log again (the trigger still refuses them). The role is cluster-wide:
-- dropped only when no other database uses it.
BEGIN;

ALTER FUNCTION app_private.erase_tenant_records(uuid) OWNER TO tenantdb_owner;
DROP TRIGGER refuse_delete_with_audit_rows ON app.tenants;
DROP FUNCTION app_private.refuse_delete_with_audit_rows();
GRANT UPDATE, DELETE, TRUNCATE ON app.audit_log TO tenantdb_owner;
REVOKE ALL ON app.audit_log, archive.archived_rows FROM tenantdb_audit_eraser;
REVOKE USAGE ON SCHEMA app, app_private, archive FROM tenantdb_audit_eraser;

SET LOCAL ROLE tenantdb_owner;

ALTER TABLE app.audit_log ADD CONSTRAINT audit_log_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id);

CREATE OR REPLACE FUNCTION app_private.forbid_audit_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'tenantdb_owner'
       AND coalesce(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '') <> ''
       AND pg_catalog.current_setting('tenantdb.erasing_tenant', true) = pg_catalog.current_setting('app.tenant_id', true) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; add a new row instead.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_audit_change() IS
    'Trigger of app.audit_log: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them (the owner too); the one exception is app_private.erase_tenant_records() deleting the rows of the tenant it erases.';

CREATE POLICY audit_log_select_for_erasure ON app.audit_log
    FOR SELECT TO tenantdb_owner
    USING (tenant_id = (SELECT NULLIF(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '')::uuid));
COMMENT ON POLICY audit_log_select_for_erasure ON app.audit_log IS
    'Lets app_private.erase_tenant_records() (owner) see the audit rows of the tenant being erased, so it can delete them.';
CREATE POLICY archived_rows_select_for_erasure ON archive.archived_rows
    FOR SELECT TO tenantdb_owner
    USING (tenant_id = (SELECT NULLIF(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '')::uuid));
COMMENT ON POLICY archived_rows_select_for_erasure ON archive.archived_rows IS
    'Lets app_private.erase_tenant_records() (owner) see the archived rows of the tenant being erased, so it can delete them.';
CREATE POLICY audit_log_delete_for_erasure ON app.audit_log
    FOR DELETE TO tenantdb_owner
    USING (tenant_id = (SELECT NULLIF(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '')::uuid));
COMMENT ON POLICY audit_log_delete_for_erasure ON app.audit_log IS
    'Lets app_private.erase_tenant_records() (owner) delete the audit rows of the tenant being erased, and no other.';
CREATE POLICY archived_rows_delete_for_erasure ON archive.archived_rows
    FOR DELETE TO tenantdb_owner
    USING (tenant_id = (SELECT NULLIF(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '')::uuid));
COMMENT ON POLICY archived_rows_delete_for_erasure ON archive.archived_rows IS
    'Lets app_private.erase_tenant_records() (owner) delete the archived rows of the tenant being erased, and no other.';

CREATE OR REPLACE FUNCTION app_private.erase_tenant_records(target uuid)
RETURNS TABLE (table_name text, rows_deleted bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
    n bigint;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'erase_tenant_records needs a tenant id' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', target::text, true);
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', target::text, true);
    DELETE FROM app.audit_log a WHERE a.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'app.audit_log'; rows_deleted := n; RETURN NEXT;
    DELETE FROM archive.archived_rows r WHERE r.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'archive.archived_rows'; rows_deleted := n; RETURN NEXT;
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', '', true);
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true);
END
$function$;
COMMENT ON FUNCTION app_private.erase_tenant_records(uuid) IS
    'Part of erasing a tenant: deletes its rows from the append-only app.audit_log and archive.archived_rows (nobody else may) and returns the counts. Definer, executable by the maintenance role only; run it after the tenant''s other rows are deleted, in the same transaction, and record the receipt in archive.tenant_erasures.';

RESET ROLE;
DO $revert$
DECLARE
    this_db oid := (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database());
    role_oid oid := (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_audit_eraser');
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_shdepend d
               WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass AND d.refobjid = role_oid AND d.dbid <> this_db)
       OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m WHERE m.roleid = role_oid OR m.member = role_oid) THEN
        RAISE NOTICE 'keeping role tenantdb_audit_eraser: another database still uses it';
    ELSE
        DROP ROLE tenantdb_audit_eraser;
    END IF;
END
$revert$;

COMMIT;
