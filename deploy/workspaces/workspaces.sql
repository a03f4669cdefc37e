-- Deploy tenantdb:workspaces/workspaces to pg
-- Shared project spaces of a tenant (the sources' workspaces). Who sees which workspace is
-- decided by membership (workspaces/workspace_members); the policies come with
-- app_private.current_workspace_ids() (workspaces/current_workspace_ids).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workspaces (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspaces_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workspaces_name_key UNIQUE (tenant_id, name),
    CONSTRAINT workspaces_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workspaces_created_by_fkey FOREIGN KEY (tenant_id, created_by)
        REFERENCES app.users (tenant_id, id) ON DELETE SET NULL (created_by),
    CONSTRAINT workspaces_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT workspaces_description_length CHECK (char_length(description) <= 4000)
);

COMMENT ON TABLE app.workspaces IS
    'Shared project spaces of a tenant. Members see them with what their member role allows (viewer reads, editor writes content, owner manages members); tenant admins see all.';
COMMENT ON COLUMN app.workspaces.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspaces.id IS 'Workspace id.';
COMMENT ON COLUMN app.workspaces.name IS 'Name, unique in the tenant (1-200 characters).';
COMMENT ON COLUMN app.workspaces.description IS 'Free description (at most 4000 characters).';
COMMENT ON COLUMN app.workspaces.created_by IS 'The person who created the workspace; NULL once that person is deleted.';
COMMENT ON COLUMN app.workspaces.created_at IS 'When the workspace was created.';
COMMENT ON COLUMN app.workspaces.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspaces_name_key ON app.workspaces IS 'Workspace names are unique within a tenant.';
COMMENT ON CONSTRAINT workspaces_created_by_fkey ON app.workspaces IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
COMMENT ON CONSTRAINT workspaces_name_length ON app.workspaces IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT workspaces_description_length ON app.workspaces IS 'Descriptions are at most 4000 characters.';

CREATE INDEX workspaces_created_by_idx ON app.workspaces (tenant_id, created_by);
COMMENT ON INDEX app.workspaces_created_by_idx IS 'Covers the creator foreign key (the source''s index on created_by, led by tenant_id).';

SELECT app_private.guard_tenant_table('app.workspaces');

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workspaces TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
