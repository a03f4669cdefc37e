-- Deploy tenantdb:workspaces/workspace_settings to pg
-- Named settings of a workspace (the sources' workspace_settings): one JSON value per key.
-- Members read them; workspace owners change them.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workspace_settings (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    setting_key text NOT NULL,
    setting_value jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspace_settings_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workspace_settings_key_key UNIQUE (tenant_id, workspace_id, setting_key),
    CONSTRAINT workspace_settings_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workspace_settings_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_settings_key_format CHECK (setting_key ~ '^[a-z][a-z0-9_.]{0,99}$'),
    CONSTRAINT workspace_settings_value_size CHECK (octet_length(setting_value::text) <= 65536)
);

COMMENT ON TABLE app.workspace_settings IS 'Named settings of a workspace (one JSON value per key). Members read; workspace owners change; tenant admins all.';
COMMENT ON COLUMN app.workspace_settings.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_settings.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_settings.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_settings.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.workspace_settings.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workspace_settings.setting_key IS 'Setting name: lower case, digits, dot, underscore (1-100 characters).';
COMMENT ON COLUMN app.workspace_settings.setting_value IS 'Setting value (any JSON, at most 64 KiB).';
COMMENT ON CONSTRAINT workspace_settings_key_key ON app.workspace_settings IS 'One value per key and workspace; covers the workspace foreign key.';
COMMENT ON CONSTRAINT workspace_settings_workspace_fkey ON app.workspace_settings IS 'Setting of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT workspace_settings_key_format ON app.workspace_settings IS 'Keys are identifiers like ui.theme.';
COMMENT ON CONSTRAINT workspace_settings_value_size ON app.workspace_settings IS 'Values are at most 64 KiB.';

SELECT app_private.guard_tenant_table('app.workspace_settings');

CREATE POLICY workspace_settings_select_app ON app.workspace_settings
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_settings_select_app ON app.workspace_settings IS 'Workspace members (any member role) read its settings; tenant admins read all.';

CREATE POLICY workspace_settings_insert_app ON app.workspace_settings
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_settings_insert_app ON app.workspace_settings IS 'Workspace owners add settings; tenant admins anywhere.';

CREATE POLICY workspace_settings_update_app ON app.workspace_settings
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_settings_update_app ON app.workspace_settings IS 'Workspace owners change settings; tenant admins any.';

CREATE POLICY workspace_settings_delete_app ON app.workspace_settings
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_settings_delete_app ON app.workspace_settings IS 'Workspace owners remove settings; tenant admins any.';

CREATE POLICY workspace_settings_all_service ON app.workspace_settings
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workspace_settings_all_service ON app.workspace_settings IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workspace_settings TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
