-- Deploy tenantdb:integrations/sync_status to pg
-- Current synchronisation state per workspace and outside service (the sources' sync_status);
-- the history is app.sync_logs. Admin-only; sync workers (service) keep it current.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.sync_status (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    service_type text NOT NULL,
    sync_state text NOT NULL DEFAULT 'idle',
    last_synced_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_status_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_status_service_key UNIQUE (tenant_id, workspace_id, service_type),
    CONSTRAINT sync_status_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT sync_status_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT sync_status_service_type_known CHECK (service_type IN ('github', 'sharepoint', 'ignis_platform')),
    CONSTRAINT sync_status_state_known CHECK (sync_state IN ('idle', 'syncing', 'error')),
    CONSTRAINT sync_status_error_length CHECK (char_length(last_error) BETWEEN 1 AND 4000)
);

COMMENT ON TABLE app.sync_status IS 'Current sync state per workspace and service (history: app.sync_logs). Tenant admins only; the service role keeps it current.';
COMMENT ON COLUMN app.sync_status.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.sync_status.id IS 'Row id.';
COMMENT ON COLUMN app.sync_status.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.sync_status.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.sync_status.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.sync_status.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.sync_status.sync_state IS 'idle (default), syncing or error.';
COMMENT ON COLUMN app.sync_status.last_synced_at IS 'End of the last successful sync; NULL before the first.';
COMMENT ON COLUMN app.sync_status.last_error IS 'Last error (1-4000 characters); NULL when none.';
COMMENT ON CONSTRAINT sync_status_service_key ON app.sync_status IS 'One state per workspace and service; covers the workspace foreign key.';
COMMENT ON CONSTRAINT sync_status_workspace_fkey ON app.sync_status IS 'Workspace of the same tenant; deleted with it.';
COMMENT ON CONSTRAINT sync_status_service_type_known ON app.sync_status IS 'Only the supported services.';
COMMENT ON CONSTRAINT sync_status_state_known ON app.sync_status IS 'Only idle, syncing or error.';
COMMENT ON CONSTRAINT sync_status_error_length ON app.sync_status IS 'Errors are 1-4000 characters (NULL when none).';

SELECT app_private.guard_tenant_table('app.sync_status');

CREATE POLICY sync_status_select_app ON app.sync_status
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_status_select_app ON app.sync_status IS 'Only tenant admins read sync states (integrations are admin-only).';

CREATE POLICY sync_status_insert_app ON app.sync_status
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_status_insert_app ON app.sync_status IS 'Only tenant admins add sync states (integrations are admin-only).';

CREATE POLICY sync_status_update_app ON app.sync_status
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_status_update_app ON app.sync_status IS 'Only tenant admins change sync states (integrations are admin-only).';

CREATE POLICY sync_status_delete_app ON app.sync_status
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_status_delete_app ON app.sync_status IS 'Only tenant admins remove sync states (integrations are admin-only).';

CREATE POLICY sync_status_all_service ON app.sync_status
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY sync_status_all_service ON app.sync_status IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.sync_status TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
