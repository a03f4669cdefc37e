-- Deploy tenantdb:core/table_guards to pg
-- What every tenant table gets, from one function so no table is forgotten or done differently:
--   * ROW LEVEL SECURITY enabled and forced (the owner obeys it too);
--   * the RESTRICTIVE policy tenant_isolation: a row is reachable only when its tenant_id is the
--     transaction's tenant. Restrictive policies AND with every permissive one, so a permissive
--     policy can only narrow access inside the tenant, never widen it across tenants;
--   * trigger tenant_context_required: a write without app.tenant_id fails with 42501 instead of
--     silently touching 0 rows;
--   * trigger tenant_id_immutable: no row moves to another tenant;
--   * trigger set_updated_at, when the table has an updated_at column.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.require_tenant_context()
RETURNS trigger
LANGUAGE plpgsql
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

CREATE FUNCTION app_private.forbid_tenant_change()
RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'tenant_id of %.% cannot change: a row never moves to another tenant', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Copy the row into the other tenant (maintenance role) instead.';
END
$function$;
COMMENT ON FUNCTION app_private.forbid_tenant_change() IS
    'Row trigger of every tenant table: any UPDATE that changes tenant_id fails with 42501.';

CREATE FUNCTION app_private.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $function$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.set_updated_at() IS
    'Row trigger: sets updated_at to the transaction time on every UPDATE.';

CREATE FUNCTION app_private.guard_tenant_table(target regclass)
RETURNS void
LANGUAGE plpgsql
AS $function$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute
                   WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped) THEN
        RAISE EXCEPTION '% has no tenant_id column', target;
    END IF;
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE pg_catalog.format(
        'CREATE POLICY tenant_isolation ON %s AS RESTRICTIVE FOR ALL TO PUBLIC'
        ' USING (tenant_id = (SELECT app.current_tenant_id()))'
        ' WITH CHECK (tenant_id = (SELECT app.current_tenant_id()))', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON POLICY tenant_isolation ON %s IS %L', target,
        'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).');
    EXECUTE pg_catalog.format(
        'CREATE TRIGGER tenant_context_required BEFORE INSERT OR UPDATE OR DELETE ON %s'
        ' FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context()', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON TRIGGER tenant_context_required ON %s IS %L', target,
        'Writes without app.tenant_id fail with 42501.');
    EXECUTE pg_catalog.format(
        'CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON %s FOR EACH ROW'
        ' WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id) EXECUTE FUNCTION app_private.forbid_tenant_change()', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON TRIGGER tenant_id_immutable ON %s IS %L', target,
        'A row never moves to another tenant.');
    IF EXISTS (SELECT FROM pg_catalog.pg_attribute
               WHERE attrelid = target AND attname = 'updated_at' AND NOT attisdropped) THEN
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at()',
            target);
        EXECUTE pg_catalog.format(
            'COMMENT ON TRIGGER set_updated_at ON %s IS %L', target, 'Keeps updated_at at the time of the last UPDATE.');
    END IF;
END
$function$;
COMMENT ON FUNCTION app_private.guard_tenant_table(regclass) IS
    'Deploy-time helper: forces RLS on a tenant table and adds the tenant_isolation policy and the tenant triggers. Called once per tenant table by its deploy script.';

COMMIT;
