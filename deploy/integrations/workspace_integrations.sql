-- Deploy tenantdb:integrations/workspace_integrations to pg
-- Which connection a workspace syncs with (the sources' workspace_integrations), with its state.
-- Admin-only like every integration table; sync workers (service) update it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.workspace_integrations (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    integration_status text NOT NULL DEFAULT 'pending',
    last_sync_at timestamptz,
    sync_metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workspace_integrations_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT workspace_integrations_pair_key UNIQUE (tenant_id, workspace_id, connection_id),
    CONSTRAINT workspace_integrations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT workspace_integrations_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_integrations_connection_fkey FOREIGN KEY (tenant_id, connection_id)
        REFERENCES app.external_connections (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT workspace_integrations_status_known CHECK (integration_status IN ('pending', 'active', 'error', 'disabled')),
    CONSTRAINT workspace_integrations_metadata_is_object CHECK (jsonb_typeof(sync_metadata) = 'object')
);

COMMENT ON TABLE app.workspace_integrations IS 'Workspace-to-connection links with their integration state. Tenant admins only; the service role updates them while syncing.';
COMMENT ON COLUMN app.workspace_integrations.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_integrations.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_integrations.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_integrations.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.workspace_integrations.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.workspace_integrations.connection_id IS 'The connection it syncs with.';
COMMENT ON COLUMN app.workspace_integrations.integration_status IS 'pending (default), active, error or disabled.';
COMMENT ON COLUMN app.workspace_integrations.last_sync_at IS 'End of the last successful sync; NULL before the first.';
COMMENT ON COLUMN app.workspace_integrations.sync_metadata IS 'Cursor, last commit, counts (a JSON object).';
COMMENT ON CONSTRAINT workspace_integrations_pair_key ON app.workspace_integrations IS 'A connection is linked to a workspace once; covers the workspace foreign key.';
COMMENT ON CONSTRAINT workspace_integrations_workspace_fkey ON app.workspace_integrations IS 'Workspace of the same tenant; link deleted with it.';
COMMENT ON CONSTRAINT workspace_integrations_connection_fkey ON app.workspace_integrations IS 'Connection of the same tenant; link deleted with it.';
COMMENT ON CONSTRAINT workspace_integrations_status_known ON app.workspace_integrations IS 'Only the known states.';
COMMENT ON CONSTRAINT workspace_integrations_metadata_is_object ON app.workspace_integrations IS 'Metadata is a JSON object.';

CREATE INDEX workspace_integrations_connection_idx ON app.workspace_integrations (tenant_id, connection_id);
COMMENT ON INDEX app.workspace_integrations_connection_idx IS 'Covers the connection foreign key.';

SELECT app_private.guard_tenant_table('app.workspace_integrations');

CREATE POLICY workspace_integrations_select_app ON app.workspace_integrations
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_integrations_select_app ON app.workspace_integrations IS 'Only tenant admins read workspace integrations (integrations are admin-only).';

CREATE POLICY workspace_integrations_insert_app ON app.workspace_integrations
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_integrations_insert_app ON app.workspace_integrations IS 'Only tenant admins add workspace integrations (integrations are admin-only).';

CREATE POLICY workspace_integrations_update_app ON app.workspace_integrations
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_integrations_update_app ON app.workspace_integrations IS 'Only tenant admins change workspace integrations (integrations are admin-only).';

CREATE POLICY workspace_integrations_delete_app ON app.workspace_integrations
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_integrations_delete_app ON app.workspace_integrations IS 'Only tenant admins remove workspace integrations (integrations are admin-only).';

CREATE POLICY workspace_integrations_all_service ON app.workspace_integrations
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workspace_integrations_all_service ON app.workspace_integrations IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.workspace_integrations TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
