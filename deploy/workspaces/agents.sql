-- Deploy tenantdb:workspaces/agents to pg
-- AI agents configured in a workspace (the sources' agents): a name, a role in the workflow, the
-- model and its instructions. Visible and writable like the workspace's artifacts.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.agents (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    name text NOT NULL,
    agent_role text NOT NULL,
    model text NOT NULL,
    instructions text NOT NULL DEFAULT '',
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agents_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT agents_workspace_name_key UNIQUE (tenant_id, workspace_id, name),
    CONSTRAINT agents_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT agents_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT agents_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT agents_role_known CHECK (agent_role IN ('analyst', 'product_manager', 'architect', 'developer', 'tester', 'reviewer', 'other')),
    CONSTRAINT agents_model_length CHECK (char_length(btrim(model)) BETWEEN 1 AND 200),
    CONSTRAINT agents_instructions_length CHECK (char_length(instructions) <= 20000)
);

COMMENT ON TABLE app.agents IS
    'AI agents of a workspace (role, model, instructions). Workspace viewers read, editors write; tenant admins all; the service role (agent runtime) the tenant.';
COMMENT ON COLUMN app.agents.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.agents.id IS 'Agent id.';
COMMENT ON COLUMN app.agents.workspace_id IS 'The workspace the agent works in (decides who sees it).';
COMMENT ON COLUMN app.agents.name IS 'Name, unique in the workspace (1-200 characters).';
COMMENT ON COLUMN app.agents.agent_role IS 'analyst, product_manager, architect, developer, tester, reviewer or other.';
COMMENT ON COLUMN app.agents.model IS 'Model identifier the agent runs on (1-200 characters).';
COMMENT ON COLUMN app.agents.instructions IS 'System instructions (at most 20000 characters).';
COMMENT ON COLUMN app.agents.is_active IS 'false: kept for history, not run.';
COMMENT ON COLUMN app.agents.created_at IS 'When the agent was created.';
COMMENT ON COLUMN app.agents.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT agents_workspace_name_key ON app.agents IS 'Agent names are unique per workspace; covers the workspace foreign key.';
COMMENT ON CONSTRAINT agents_workspace_fkey ON app.agents IS 'Agent of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT agents_name_length ON app.agents IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT agents_role_known ON app.agents IS 'Only the known agent roles.';
COMMENT ON CONSTRAINT agents_model_length ON app.agents IS 'Model identifiers are 1-200 characters.';
COMMENT ON CONSTRAINT agents_instructions_length ON app.agents IS 'Instructions are at most 20000 characters.';

SELECT app_private.guard_tenant_table('app.agents');

CREATE POLICY agents_select_app ON app.agents
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY agents_select_app ON app.agents IS 'Workspace members (any member role) read its agents; tenant admins read all.';

CREATE POLICY agents_insert_app ON app.agents
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY agents_insert_app ON app.agents IS 'Workspace editors and owners add agents; tenant admins anywhere.';

CREATE POLICY agents_update_app ON app.agents
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY agents_update_app ON app.agents IS 'Workspace editors and owners change agents (not into a workspace they do not edit); tenant admins any.';

CREATE POLICY agents_delete_app ON app.agents
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY agents_delete_app ON app.agents IS 'Workspace editors and owners delete agents; tenant admins any.';

CREATE POLICY agents_all_service ON app.agents
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY agents_all_service ON app.agents IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.agents TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
