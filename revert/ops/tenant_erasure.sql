-- Revert tenantdb:ops/tenant_erasure from pg
-- Back to the strict append-only trigger of round one (with the fixed search_path that
-- security/function_search_paths gave it); the receipts table goes with the change.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DROP FUNCTION app_private.erase_tenant_records(uuid);
DROP POLICY archived_rows_delete_for_erasure ON archive.archived_rows;
DROP POLICY audit_log_delete_for_erasure ON app.audit_log;
DROP POLICY archived_rows_select_for_erasure ON archive.archived_rows;
DROP POLICY audit_log_select_for_erasure ON app.audit_log;

CREATE OR REPLACE FUNCTION app_private.forbid_audit_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; add a new row instead.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_audit_change() IS
    'Trigger of app.audit_log: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them (the owner too).';

DROP TABLE archive.tenant_erasures;
DROP FUNCTION app_private.forbid_receipt_change();

COMMIT;
