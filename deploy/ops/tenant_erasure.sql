-- Deploy tenantdb:ops/tenant_erasure to pg
-- Erasing a tenant (tenantdb tenant erase) removes every row of it, its audit trail included:
-- the audit log's before/after images hold the tenant's personal data, so they cannot outlive
-- the erasure. What stays is one receipt per erasure in archive.tenant_erasures (tenant id,
-- time, role, per-table counts and checksums; no names, no row contents), append-only.
--
-- app.audit_log and archive.archived_rows stay append-only for everyone else: only the definer
-- function app_private.erase_tenant_records(), executable by the maintenance role alone, may
-- delete from them, and only rows of the one tenant it was called for (the restrictive
-- tenant_isolation policy still applies, and the append-only trigger checks the erasure mark).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE archive.tenant_erasures (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    erased_tenant_id uuid NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now(),
    erased_by text NOT NULL DEFAULT session_user,
    rows_erased jsonb NOT NULL,
    other_tenants_checksum text NOT NULL,
    CONSTRAINT tenant_erasures_pkey PRIMARY KEY (id),
    CONSTRAINT tenant_erasures_rows_erased_is_object CHECK (jsonb_typeof(rows_erased) = 'object'),
    CONSTRAINT tenant_erasures_checksum_format CHECK (other_tenants_checksum ~ '^[0-9a-f]{64}$'),
    CONSTRAINT tenant_erasures_erased_by_length CHECK (char_length(erased_by) BETWEEN 1 AND 200)
);
COMMENT ON TABLE archive.tenant_erasures IS
    'One receipt per erased tenant: who erased it when, rows deleted per table, and the checksum of every other tenant''s data (equal before and after). No personal data. Append-only; maintenance role only.';
COMMENT ON COLUMN archive.tenant_erasures.id IS 'Receipt id.';
COMMENT ON COLUMN archive.tenant_erasures.erased_tenant_id IS 'The erased tenant''s id (no foreign key: the tenant is gone; not named tenant_id because the receipt belongs to no tenant and is not under RLS).';
COMMENT ON COLUMN archive.tenant_erasures.erased_at IS 'Start of the erasing transaction.';
COMMENT ON COLUMN archive.tenant_erasures.erased_by IS 'Database role that logged in (session_user).';
COMMENT ON COLUMN archive.tenant_erasures.rows_erased IS 'Rows deleted per table, {"app.users": 12, ...}; every table had 0 left afterwards.';
COMMENT ON COLUMN archive.tenant_erasures.other_tenants_checksum IS 'sha256 over the per-table row counts and checksums of all other tenants, the same before and after the erasure.';
COMMENT ON CONSTRAINT tenant_erasures_rows_erased_is_object ON archive.tenant_erasures IS 'Counts are a JSON object.';
COMMENT ON CONSTRAINT tenant_erasures_checksum_format ON archive.tenant_erasures IS 'A sha256 in lower-case hex.';
COMMENT ON CONSTRAINT tenant_erasures_erased_by_length ON archive.tenant_erasures IS 'Role names are 1-200 characters.';
CREATE INDEX tenant_erasures_tenant_idx ON archive.tenant_erasures (erased_tenant_id);
COMMENT ON INDEX archive.tenant_erasures_tenant_idx IS 'Was this tenant erased, and when.';

CREATE FUNCTION app_private.forbid_receipt_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RAISE EXCEPTION 'archive.tenant_erasures is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Erasure receipts are never changed or removed.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_receipt_change() IS
    'Trigger of archive.tenant_erasures: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them.';
CREATE TRIGGER tenant_erasures_append_only BEFORE UPDATE OR DELETE ON archive.tenant_erasures
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_receipt_change();
COMMENT ON TRIGGER tenant_erasures_append_only ON archive.tenant_erasures IS 'Append-only: no UPDATE or DELETE.';
CREATE TRIGGER tenant_erasures_no_truncate BEFORE TRUNCATE ON archive.tenant_erasures
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_receipt_change();
COMMENT ON TRIGGER tenant_erasures_no_truncate ON archive.tenant_erasures IS 'Append-only: no TRUNCATE.';

-- The audit log's append-only trigger, with one exception: a DELETE made by the owner inside
-- app_private.erase_tenant_records(), which marks the transaction with the tenant it erases.
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

-- A DELETE with a WHERE clause needs the rows to be visible too, hence a SELECT policy beside each DELETE policy.
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

CREATE FUNCTION app_private.erase_tenant_records(target uuid)
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
REVOKE ALL ON FUNCTION app_private.erase_tenant_records(uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION app_private.erase_tenant_records(uuid) TO tenantdb_maintenance;
GRANT SELECT, INSERT ON archive.tenant_erasures TO tenantdb_maintenance;

COMMIT;
