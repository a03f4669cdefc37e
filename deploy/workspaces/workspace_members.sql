-- Deploy tenantdb:workspaces/workspace_members to pg
-- Who belongs to which workspace, as owner, editor or viewer. The member role decides what a
-- person may do with the workspace's content; policies come with workspaces/current_workspace_ids.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workspace_members (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    user_id uuid NOT NULL,
    member_role text NOT NULL DEFAULT 'viewer',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspace_members_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workspace_members_workspace_user_key UNIQUE (tenant_id, workspace_id, user_id),
    CONSTRAINT workspace_members_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workspace_members_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_members_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_members_role_known CHECK (member_role IN ('owner', 'editor', 'viewer'))
);

COMMENT ON TABLE app.workspace_members IS
    'Membership of people in workspaces with a member role: viewer reads, editor also writes content, owner also manages members.';
COMMENT ON COLUMN app.workspace_members.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_members.id IS 'Membership id.';
COMMENT ON COLUMN app.workspace_members.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.workspace_members.user_id IS 'The member (a person of the same tenant).';
COMMENT ON COLUMN app.workspace_members.member_role IS 'owner, editor or viewer.';
COMMENT ON COLUMN app.workspace_members.created_at IS 'When the person joined.';
COMMENT ON COLUMN app.workspace_members.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspace_members_workspace_user_key ON app.workspace_members IS 'A person is a member of a workspace once; covers the workspace foreign key.';
COMMENT ON CONSTRAINT workspace_members_workspace_fkey ON app.workspace_members IS 'Membership of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT workspace_members_user_fkey ON app.workspace_members IS 'Member is a person of the same tenant; deleted with the person.';
COMMENT ON CONSTRAINT workspace_members_role_known ON app.workspace_members IS 'Only owner, editor or viewer.';

CREATE INDEX workspace_members_user_idx ON app.workspace_members (tenant_id, user_id, workspace_id);
COMMENT ON INDEX app.workspace_members_user_idx IS
    'The workspaces of a person (the per-statement membership lookup of every workspace policy); covers the user foreign key.';

SELECT app_private.guard_tenant_table('app.workspace_members');

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workspace_members TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
