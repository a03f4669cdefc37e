-- Deploy tenantdb:audit/audit_log to pg
-- Append-only, tenant-scoped audit log. Rows are written by triggers (audit/triggers) through
-- the definer function app_private.audit_row_change(), and by retention runs (maintenance role).
-- No client role holds UPDATE, DELETE or TRUNCATE, and the trigger audit_log_append_only
-- rejects them even for the owner: a row, once written, stays as it is.
-- Tenant admins read their own tenant's log; nobody else reads it through the app.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.audit_log (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid,
    actor_db_role text NOT NULL DEFAULT session_user,
    table_name text NOT NULL,
    operation text NOT NULL,
    row_key jsonb NOT NULL DEFAULT '{}'::jsonb,
    old_values jsonb,
    new_values jsonb,
    CONSTRAINT audit_log_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT audit_log_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT audit_log_operation_known CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'RETENTION', 'ROTATE')),
    CONSTRAINT audit_log_table_name_length CHECK (char_length(table_name) BETWEEN 1 AND 200),
    CONSTRAINT audit_log_row_key_is_object CHECK (jsonb_typeof(row_key) = 'object'),
    CONSTRAINT audit_log_old_values_is_object CHECK (old_values IS NULL OR jsonb_typeof(old_values) = 'object'),
    CONSTRAINT audit_log_new_values_is_object CHECK (new_values IS NULL OR jsonb_typeof(new_values) = 'object')
);

COMMENT ON TABLE app.audit_log IS
    'Append-only audit trail per tenant: deletions, role changes, membership and credential changes, retention runs. No UPDATE/DELETE/TRUNCATE for anyone; tenant admins read their tenant''s rows.';
COMMENT ON COLUMN app.audit_log.tenant_id IS 'Tenant the audited row belongs to.';
COMMENT ON COLUMN app.audit_log.id IS 'Audit row id.';
COMMENT ON COLUMN app.audit_log.occurred_at IS 'Start of the transaction that made the change.';
COMMENT ON COLUMN app.audit_log.actor_user_id IS 'Acting person (app.user_id) when there was one; no foreign key, the entry outlives the person.';
COMMENT ON COLUMN app.audit_log.actor_db_role IS 'Database role that logged in (session_user): tenantdb_app, tenantdb_service, tenantdb_maintenance, ...';
COMMENT ON COLUMN app.audit_log.table_name IS 'Schema-qualified table the change was made to.';
COMMENT ON COLUMN app.audit_log.operation IS 'INSERT, UPDATE, DELETE (row changes), RETENTION (a retention run''s summary) or ROTATE (credential key rotation summary).';
COMMENT ON COLUMN app.audit_log.row_key IS 'Key of the changed row ({"id": ...}); empty for summaries.';
COMMENT ON COLUMN app.audit_log.old_values IS 'The row before the change (secrets and bulky columns left out); NULL for inserts.';
COMMENT ON COLUMN app.audit_log.new_values IS 'The row after the change, or a summary''s figures; NULL for deletions.';
COMMENT ON CONSTRAINT audit_log_operation_known ON app.audit_log IS 'Only the known operations.';
COMMENT ON CONSTRAINT audit_log_table_name_length ON app.audit_log IS 'Table names are 1-200 characters.';
COMMENT ON CONSTRAINT audit_log_row_key_is_object ON app.audit_log IS 'Row keys are JSON objects.';
COMMENT ON CONSTRAINT audit_log_old_values_is_object ON app.audit_log IS 'Before images are JSON objects.';
COMMENT ON CONSTRAINT audit_log_new_values_is_object ON app.audit_log IS 'After images are JSON objects.';

CREATE INDEX audit_log_occurred_idx ON app.audit_log (tenant_id, occurred_at DESC);
COMMENT ON INDEX app.audit_log_occurred_idx IS 'A tenant''s log, newest first (what admins browse).';
CREATE INDEX audit_log_table_key_idx ON app.audit_log (tenant_id, table_name, row_key);
COMMENT ON INDEX app.audit_log_table_key_idx IS 'The history of one row of one table.';

SELECT app_private.guard_tenant_table('app.audit_log');

CREATE FUNCTION app_private.forbid_audit_change()
RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; add a new row instead.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_audit_change() IS
    'Trigger of app.audit_log: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them (the owner too).';

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON app.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_append_only ON app.audit_log IS 'Append-only: no UPDATE or DELETE, for any role.';
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON app.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_no_truncate ON app.audit_log IS 'Append-only: no TRUNCATE, for any role.';

CREATE FUNCTION app_private.audit_row_change()
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
REVOKE ALL ON FUNCTION app_private.audit_row_change() FROM PUBLIC;

CREATE POLICY audit_log_insert_for_definer ON app.audit_log
    FOR INSERT TO tenantdb_owner
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY audit_log_insert_for_definer ON app.audit_log IS
    'Lets the owner-run trigger function audit_row_change append rows, in the audited row''s tenant only.';

CREATE POLICY audit_log_select_app ON app.audit_log
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY audit_log_select_app ON app.audit_log IS 'Tenant admins read their tenant''s audit log; other people see nothing.';

GRANT SELECT ON app.audit_log TO tenantdb_app;
GRANT SELECT, INSERT ON app.audit_log TO tenantdb_maintenance;

COMMIT;
