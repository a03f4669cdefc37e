-- Deploy tenantdb:workspaces/workflows to pg
-- AI agent workflows of a workspace (the sources' workflows); their ordered steps are app.phases.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workflows (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflows_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workflows_workspace_key UNIQUE (tenant_id, id, workspace_id),
    CONSTRAINT workflows_workspace_name_key UNIQUE (tenant_id, workspace_id, name),
    CONSTRAINT workflows_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workflows_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workflows_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT workflows_description_length CHECK (char_length(description) <= 4000),
    CONSTRAINT workflows_status_known CHECK (status IN ('draft', 'active', 'completed', 'archived'))
);

COMMENT ON TABLE app.workflows IS
    'AI agent workflows of a workspace; steps are app.phases in order. Workspace viewers read, editors write; tenant admins all.';
COMMENT ON COLUMN app.workflows.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workflows.id IS 'Workflow id.';
COMMENT ON COLUMN app.workflows.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workflows.name IS 'Name, unique in the workspace (1-200 characters).';
COMMENT ON COLUMN app.workflows.description IS 'What the workflow produces (at most 4000 characters).';
COMMENT ON COLUMN app.workflows.status IS 'draft (default), active, completed or archived.';
COMMENT ON COLUMN app.workflows.created_at IS 'When the workflow was created.';
COMMENT ON COLUMN app.workflows.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workflows_workspace_key ON app.workflows IS 'Target of the phases'' foreign key: each phase carries its workflow''s workspace, so phase policies need no join.';
COMMENT ON CONSTRAINT workflows_workspace_name_key ON app.workflows IS 'Workflow names are unique per workspace; covers the workspace foreign key.';
COMMENT ON CONSTRAINT workflows_workspace_fkey ON app.workflows IS 'Workflow of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT workflows_name_length ON app.workflows IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT workflows_description_length ON app.workflows IS 'Descriptions are at most 4000 characters.';
COMMENT ON CONSTRAINT workflows_status_known ON app.workflows IS 'Only draft, active, completed or archived.';

SELECT app_private.guard_tenant_table('app.workflows');

CREATE POLICY workflows_select_app ON app.workflows
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workflows_select_app ON app.workflows IS 'Workspace members (any member role) read its workflows; tenant admins read all.';

CREATE POLICY workflows_insert_app ON app.workflows
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workflows_insert_app ON app.workflows IS 'Workspace editors and owners add workflows; tenant admins anywhere.';

CREATE POLICY workflows_update_app ON app.workflows
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workflows_update_app ON app.workflows IS 'Workspace editors and owners change workflows (not into a workspace they do not edit); tenant admins any.';

CREATE POLICY workflows_delete_app ON app.workflows
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workflows_delete_app ON app.workflows IS 'Workspace editors and owners delete workflows; tenant admins any.';

CREATE POLICY workflows_all_service ON app.workflows
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workflows_all_service ON app.workflows IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workflows TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
