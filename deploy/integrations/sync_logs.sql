-- Deploy tenantdb:integrations/sync_logs to pg
-- One row per sync operation of a workspace (save, publish, sync_from_git), optionally for one
-- artifact and through one connection. Written by the service role (sync workers), read by
-- tenant admins; retention archives rows older than sync_logs_days.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.sync_logs (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    artifact_id uuid,
    connection_id uuid,
    operation_type text NOT NULL,
    service_type text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    operation_details jsonb NOT NULL DEFAULT '{}'::jsonb,
    error_message text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_logs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_logs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT sync_logs_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT sync_logs_artifact_fkey FOREIGN KEY (tenant_id, artifact_id)
        REFERENCES app.artifacts (tenant_id, id) ON DELETE SET NULL (artifact_id),
    CONSTRAINT sync_logs_connection_fkey FOREIGN KEY (tenant_id, connection_id)
        REFERENCES app.external_connections (tenant_id, id) ON DELETE SET NULL (connection_id),
    CONSTRAINT sync_logs_operation_type_known CHECK (operation_type IN ('save', 'publish', 'sync_from_git')),
    CONSTRAINT sync_logs_service_type_known CHECK (service_type IN ('github', 'sharepoint', 'ignis_platform')),
    CONSTRAINT sync_logs_status_known CHECK (status IN ('pending', 'success', 'failed')),
    CONSTRAINT sync_logs_operation_details_is_object CHECK (jsonb_typeof(operation_details) = 'object'),
    CONSTRAINT sync_logs_error_message_length CHECK (char_length(error_message) BETWEEN 1 AND 4000),
    CONSTRAINT sync_logs_failure_has_message CHECK (status <> 'failed' OR error_message IS NOT NULL)
);

COMMENT ON TABLE app.sync_logs IS
    'Sync operations of a workspace (save, publish, sync_from_git) and their outcome. The service role writes; tenant admins read and delete; retention archives old rows.';
COMMENT ON COLUMN app.sync_logs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.sync_logs.id IS 'Log row id.';
COMMENT ON COLUMN app.sync_logs.workspace_id IS 'The workspace synced (deleted with it).';
COMMENT ON COLUMN app.sync_logs.artifact_id IS 'The artifact synced, when the operation was for one; NULL once the artifact is deleted.';
COMMENT ON COLUMN app.sync_logs.connection_id IS 'The connection used; NULL once the connection is deleted.';
COMMENT ON COLUMN app.sync_logs.operation_type IS 'save, publish or sync_from_git.';
COMMENT ON COLUMN app.sync_logs.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.sync_logs.status IS 'pending (default), success or failed.';
COMMENT ON COLUMN app.sync_logs.operation_details IS 'What was transferred (commit, files, counts) as a JSON object; never a credential.';
COMMENT ON COLUMN app.sync_logs.error_message IS 'Why it failed (1-4000 characters); required when status is failed.';
COMMENT ON COLUMN app.sync_logs.created_at IS 'When the operation was logged; retention ages rows by it.';
COMMENT ON CONSTRAINT sync_logs_workspace_fkey ON app.sync_logs IS 'Log of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT sync_logs_artifact_fkey ON app.sync_logs IS 'Artifact of the same tenant; kept as NULL when the artifact is deleted.';
COMMENT ON CONSTRAINT sync_logs_connection_fkey ON app.sync_logs IS 'Connection of the same tenant; kept as NULL when the connection is deleted.';
COMMENT ON CONSTRAINT sync_logs_operation_type_known ON app.sync_logs IS 'Only save, publish or sync_from_git.';
COMMENT ON CONSTRAINT sync_logs_service_type_known ON app.sync_logs IS 'Only the supported services.';
COMMENT ON CONSTRAINT sync_logs_status_known ON app.sync_logs IS 'Only pending, success or failed.';
COMMENT ON CONSTRAINT sync_logs_operation_details_is_object ON app.sync_logs IS 'Details are a JSON object.';
COMMENT ON CONSTRAINT sync_logs_error_message_length ON app.sync_logs IS 'Error messages are 1-4000 characters (NULL when none).';
COMMENT ON CONSTRAINT sync_logs_failure_has_message ON app.sync_logs IS 'A failed operation says why.';

CREATE INDEX sync_logs_workspace_created_idx ON app.sync_logs (tenant_id, workspace_id, created_at DESC);
COMMENT ON INDEX app.sync_logs_workspace_created_idx IS
    'A workspace''s recent operations (the source''s index on workspace, led by tenant_id); covers the workspace foreign key.';
CREATE INDEX sync_logs_artifact_idx ON app.sync_logs (tenant_id, artifact_id);
COMMENT ON INDEX app.sync_logs_artifact_idx IS 'An artifact''s sync history (the source''s index on artifact); covers the artifact foreign key.';
CREATE INDEX sync_logs_connection_idx ON app.sync_logs (tenant_id, connection_id);
COMMENT ON INDEX app.sync_logs_connection_idx IS 'Covers the connection foreign key.';
CREATE INDEX sync_logs_status_idx ON app.sync_logs (tenant_id, status);
COMMENT ON INDEX app.sync_logs_status_idx IS 'Pending and failed operations (the source''s index on status, led by tenant_id).';
CREATE INDEX sync_logs_created_idx ON app.sync_logs (tenant_id, created_at DESC);
COMMENT ON INDEX app.sync_logs_created_idx IS 'The tenant''s log newest first, and retention''s rows older than a cut-off (the source''s index on created_at DESC).';

SELECT app_private.guard_tenant_table('app.sync_logs');

CREATE POLICY sync_logs_select_app ON app.sync_logs
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_logs_select_app ON app.sync_logs IS 'Only tenant admins read sync logs (integrations are admin-only).';

CREATE POLICY sync_logs_delete_app ON app.sync_logs
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_logs_delete_app ON app.sync_logs IS 'Only tenant admins delete sync logs.';

CREATE POLICY sync_logs_all_service ON app.sync_logs
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY sync_logs_all_service ON app.sync_logs IS 'The service role (sync workers) writes and reads the logs of the transaction''s tenant.';

GRANT SELECT, DELETE ON app.sync_logs TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.sync_logs TO tenantdb_service, tenantdb_maintenance;

COMMIT;
