-- Deploy tenantdb:workspaces/artifacts to pg
-- Work products of a workspace (documents, code, diagrams, ...), with a lifecycle status and
-- the state of their sync to GitHub and SharePoint. Viewers read, editors write, admins all.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.artifacts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    created_by uuid,
    name text NOT NULL,
    artifact_type text NOT NULL,
    file_path text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'draft',
    github_sync_status text NOT NULL DEFAULT 'pending',
    sharepoint_sync_status text NOT NULL DEFAULT 'pending',
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifacts_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT artifacts_workspace_key UNIQUE (tenant_id, id, workspace_id),
    CONSTRAINT artifacts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT artifacts_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT artifacts_created_by_fkey FOREIGN KEY (tenant_id, created_by)
        REFERENCES app.users (tenant_id, id) ON DELETE SET NULL (created_by),
    CONSTRAINT artifacts_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 300),
    CONSTRAINT artifacts_file_path_length CHECK (char_length(file_path) <= 1000),
    CONSTRAINT artifacts_type_known CHECK (artifact_type IN ('prd', 'architecture', 'user_story', 'epic', 'test_plan', 'design', 'code', 'document', 'other')),
    CONSTRAINT artifacts_status_known CHECK (status IN ('draft', 'review', 'published', 'archived')),
    CONSTRAINT artifacts_github_sync_status_known CHECK (github_sync_status IN ('pending', 'syncing', 'synced', 'failed', 'disabled')),
    CONSTRAINT artifacts_sharepoint_sync_status_known CHECK (sharepoint_sync_status IN ('pending', 'syncing', 'synced', 'failed', 'disabled')),
    CONSTRAINT artifacts_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);

COMMENT ON TABLE app.artifacts IS
    'Work products of a workspace with lifecycle and sync status; content lives in app.artifact_versions. Workspace viewers read, editors write; tenant admins all.';
COMMENT ON COLUMN app.artifacts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.artifacts.id IS 'Artifact id.';
COMMENT ON COLUMN app.artifacts.workspace_id IS 'The workspace the artifact belongs to (decides who sees it).';
COMMENT ON COLUMN app.artifacts.created_by IS 'The person who created it; NULL once that person is deleted.';
COMMENT ON COLUMN app.artifacts.name IS 'Name (1-300 characters).';
COMMENT ON COLUMN app.artifacts.file_path IS 'Path of the artifact''s file in the synced repository or library (at most 1000 characters; empty until placed).';
COMMENT ON COLUMN app.artifacts.artifact_type IS 'prd, architecture, user_story, epic, test_plan, design, code, document or other.';
COMMENT ON COLUMN app.artifacts.status IS 'Lifecycle: draft (default), review, published, archived.';
COMMENT ON COLUMN app.artifacts.github_sync_status IS 'Sync to GitHub: pending (default), syncing, synced, failed, disabled.';
COMMENT ON COLUMN app.artifacts.sharepoint_sync_status IS 'Sync to SharePoint: pending (default), syncing, synced, failed, disabled.';
COMMENT ON COLUMN app.artifacts.metadata IS 'Free-form attributes (a JSON object).';
COMMENT ON COLUMN app.artifacts.created_at IS 'When the artifact was created.';
COMMENT ON COLUMN app.artifacts.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT artifacts_workspace_key ON app.artifacts IS 'Target of the versions'' foreign key: every version carries its artifact''s workspace, so version policies need no join.';
COMMENT ON CONSTRAINT artifacts_workspace_fkey ON app.artifacts IS 'Artifact of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT artifacts_created_by_fkey ON app.artifacts IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
COMMENT ON CONSTRAINT artifacts_name_length ON app.artifacts IS 'Names are 1-300 characters, not blank.';
COMMENT ON CONSTRAINT artifacts_file_path_length ON app.artifacts IS 'File paths are at most 1000 characters.';
COMMENT ON CONSTRAINT artifacts_type_known ON app.artifacts IS 'Only the known artifact types.';
COMMENT ON CONSTRAINT artifacts_status_known ON app.artifacts IS 'Only draft, review, published or archived.';
COMMENT ON CONSTRAINT artifacts_github_sync_status_known ON app.artifacts IS 'Only the known sync states.';
COMMENT ON CONSTRAINT artifacts_sharepoint_sync_status_known ON app.artifacts IS 'Only the known sync states.';
COMMENT ON CONSTRAINT artifacts_metadata_is_object ON app.artifacts IS 'Metadata is a JSON object.';

CREATE INDEX artifacts_workspace_updated_idx ON app.artifacts (tenant_id, workspace_id, updated_at DESC);
COMMENT ON INDEX app.artifacts_workspace_updated_idx IS
    'A workspace''s artifacts, most recently changed first (the source''s index on workspace_id, led by tenant_id); covers the workspace foreign key.';
CREATE INDEX artifacts_created_by_idx ON app.artifacts (tenant_id, created_by);
COMMENT ON INDEX app.artifacts_created_by_idx IS 'Covers the creator foreign key.';
CREATE INDEX artifacts_type_idx ON app.artifacts (tenant_id, artifact_type);
COMMENT ON INDEX app.artifacts_type_idx IS 'Artifacts by type (the source''s index on artifact_type, led by tenant_id).';
CREATE INDEX artifacts_status_idx ON app.artifacts (tenant_id, status);
COMMENT ON INDEX app.artifacts_status_idx IS 'Artifacts by lifecycle status (the source''s index on status, led by tenant_id).';
CREATE INDEX artifacts_sync_status_idx ON app.artifacts (tenant_id, github_sync_status, sharepoint_sync_status);
COMMENT ON INDEX app.artifacts_sync_status_idx IS 'Sync workers find pending or failed artifacts (the source''s index on both sync statuses, led by tenant_id).';

SELECT app_private.guard_tenant_table('app.artifacts');

CREATE POLICY artifacts_select_app ON app.artifacts
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifacts_select_app ON app.artifacts IS 'Workspace members (any member role) read its artifacts; tenant admins read all.';

CREATE POLICY artifacts_insert_app ON app.artifacts
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifacts_insert_app ON app.artifacts IS 'Workspace editors and owners add artifacts; tenant admins anywhere.';

CREATE POLICY artifacts_update_app ON app.artifacts
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifacts_update_app ON app.artifacts IS 'Workspace editors and owners change artifacts (and cannot move them into a workspace they do not edit); tenant admins any.';

CREATE POLICY artifacts_delete_app ON app.artifacts
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifacts_delete_app ON app.artifacts IS 'Workspace editors and owners delete artifacts; tenant admins any.';

CREATE POLICY artifacts_all_service ON app.artifacts
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY artifacts_all_service ON app.artifacts IS 'The service role (agents, sync workers) reads and writes every artifact of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.artifacts TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
