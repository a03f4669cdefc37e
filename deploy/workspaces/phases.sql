-- Deploy tenantdb:workspaces/phases to pg
-- Ordered steps of a workflow (the sources' phases): position 1, 2, ... unique per workflow
-- (deferrable, so two phases can swap positions in one transaction), optionally run by an agent.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.phases (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workflow_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    -- positions within one workflow, never near 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    position integer NOT NULL,
    name text NOT NULL,
    agent_id uuid,
    status text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT phases_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT phases_position_key UNIQUE (tenant_id, workflow_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT phases_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT phases_workflow_fkey FOREIGN KEY (tenant_id, workflow_id, workspace_id)
        REFERENCES app.workflows (tenant_id, id, workspace_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT phases_agent_fkey FOREIGN KEY (tenant_id, agent_id)
        REFERENCES app.agents (tenant_id, id) ON DELETE SET NULL (agent_id),
    CONSTRAINT phases_position_positive CHECK (position > 0),
    CONSTRAINT phases_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT phases_status_known CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed'))
);

COMMENT ON TABLE app.phases IS
    'Ordered phases of a workflow, each optionally run by an agent of the tenant. Visible and writable like the workflow.';
COMMENT ON COLUMN app.phases.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.phases.id IS 'Phase id.';
COMMENT ON COLUMN app.phases.workflow_id IS 'The workflow.';
COMMENT ON COLUMN app.phases.workspace_id IS 'The workflow''s workspace (kept equal by the foreign key), so policies need no join.';
COMMENT ON COLUMN app.phases.position IS 'Order within the workflow: 1, 2, ...; unique per workflow.';
COMMENT ON COLUMN app.phases.name IS 'Name (1-200 characters).';
COMMENT ON COLUMN app.phases.agent_id IS 'Agent that runs the phase; NULL for a human step or once the agent is deleted.';
COMMENT ON COLUMN app.phases.status IS 'pending (default), running, done, skipped or failed.';
COMMENT ON COLUMN app.phases.created_at IS 'When the phase was created.';
COMMENT ON COLUMN app.phases.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT phases_position_key ON app.phases IS 'One phase per position in a workflow (deferrable: reorder in one transaction); covers the workflow lookups.';
COMMENT ON CONSTRAINT phases_workflow_fkey ON app.phases IS 'Phase of a workflow of the same tenant and workspace; deleted with the workflow.';
COMMENT ON CONSTRAINT phases_agent_fkey ON app.phases IS 'Agent of the same tenant; kept as NULL when the agent is deleted.';
COMMENT ON CONSTRAINT phases_position_positive ON app.phases IS 'Positions start at 1.';
COMMENT ON CONSTRAINT phases_name_length ON app.phases IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT phases_status_known ON app.phases IS 'Only the known phase states.';

CREATE INDEX phases_workflow_workspace_idx ON app.phases (tenant_id, workflow_id, workspace_id);
COMMENT ON INDEX app.phases_workflow_workspace_idx IS 'Covers the workflow foreign key.';
CREATE INDEX phases_agent_idx ON app.phases (tenant_id, agent_id);
COMMENT ON INDEX app.phases_agent_idx IS 'Covers the agent foreign key.';
CREATE INDEX phases_workspace_idx ON app.phases (tenant_id, workspace_id);
COMMENT ON INDEX app.phases_workspace_idx IS 'The phases of a workspace (the column the policies test).';

SELECT app_private.guard_tenant_table('app.phases');

CREATE POLICY phases_select_app ON app.phases
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY phases_select_app ON app.phases IS 'Workspace members (any member role) read its phases; tenant admins read all.';

CREATE POLICY phases_insert_app ON app.phases
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY phases_insert_app ON app.phases IS 'Workspace editors and owners add phases; tenant admins anywhere.';

CREATE POLICY phases_update_app ON app.phases
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY phases_update_app ON app.phases IS 'Workspace editors and owners change phases (not into a workspace they do not edit); tenant admins any.';

CREATE POLICY phases_delete_app ON app.phases
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY phases_delete_app ON app.phases IS 'Workspace editors and owners delete phases; tenant admins any.';

CREATE POLICY phases_all_service ON app.phases
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY phases_all_service ON app.phases IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.phases TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
