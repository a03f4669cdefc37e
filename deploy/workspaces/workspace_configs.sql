-- Deploy tenantdb:workspaces/workspace_configs to pg
-- Configuration blocks of a workspace (the sources' workspace_configs): AI defaults and
-- per-service options, one JSON object per config_type. Members read; owners change.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workspace_configs (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    config_type text NOT NULL,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspace_configs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workspace_configs_type_key UNIQUE (tenant_id, workspace_id, config_type),
    CONSTRAINT workspace_configs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workspace_configs_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_configs_type_known CHECK (config_type IN ('general', 'ai', 'github', 'sharepoint', 'ignis_platform')),
    CONSTRAINT workspace_configs_config_is_object CHECK (jsonb_typeof(config) = 'object')
);

COMMENT ON TABLE app.workspace_configs IS 'Configuration of a workspace, one JSON object per config_type (never a secret: credentials live encrypted in external_connections). Members read; owners change; tenant admins all.';
COMMENT ON COLUMN app.workspace_configs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_configs.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_configs.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_configs.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.workspace_configs.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workspace_configs.config_type IS 'general, ai, github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.workspace_configs.config IS 'The configuration (a JSON object).';
COMMENT ON CONSTRAINT workspace_configs_type_key ON app.workspace_configs IS 'One block per type and workspace; covers the workspace foreign key.';
COMMENT ON CONSTRAINT workspace_configs_workspace_fkey ON app.workspace_configs IS 'Configuration of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT workspace_configs_type_known ON app.workspace_configs IS 'Only the known configuration types.';
COMMENT ON CONSTRAINT workspace_configs_config_is_object ON app.workspace_configs IS 'Configurations are JSON objects.';

SELECT app_private.guard_tenant_table('app.workspace_configs');

CREATE POLICY workspace_configs_select_app ON app.workspace_configs
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_configs_select_app ON app.workspace_configs IS 'Workspace members (any member role) read its configuration; tenant admins read all.';

CREATE POLICY workspace_configs_insert_app ON app.workspace_configs
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_configs_insert_app ON app.workspace_configs IS 'Workspace owners add configuration; tenant admins anywhere.';

CREATE POLICY workspace_configs_update_app ON app.workspace_configs
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_configs_update_app ON app.workspace_configs IS 'Workspace owners change configuration; tenant admins any.';

CREATE POLICY workspace_configs_delete_app ON app.workspace_configs
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_configs_delete_app ON app.workspace_configs IS 'Workspace owners remove configuration; tenant admins any.';

CREATE POLICY workspace_configs_all_service ON app.workspace_configs
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workspace_configs_all_service ON app.workspace_configs IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workspace_configs TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
