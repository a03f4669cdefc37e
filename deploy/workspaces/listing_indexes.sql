-- Deploy tenantdb:workspaces/listing_indexes to pg
-- Indexes the source documents name and the schema lacked, led by tenant_id: workspaces by
-- creation time (newest first lists), workspace integrations by status (the ones in error) and
-- by last sync (the stalest first, for the sync scheduler).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- Built in the change's transaction (CONCURRENTLY cannot run in one): on a live database with
-- large tables, build them CONCURRENTLY by hand first, then deploy; hence:
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX workspaces_tenant_created_idx ON app.workspaces (tenant_id, created_at);
COMMENT ON INDEX app.workspaces_tenant_created_idx IS
    'Workspaces of a tenant by creation time (the source''s index on created_at, led by tenant_id).';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX workspace_integrations_tenant_status_idx ON app.workspace_integrations (tenant_id, integration_status);
COMMENT ON INDEX app.workspace_integrations_tenant_status_idx IS
    'Integrations of a tenant by state, e.g. the ones in error (the source''s index on status, led by tenant_id).';
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX workspace_integrations_tenant_last_sync_idx ON app.workspace_integrations (tenant_id, last_sync_at);
COMMENT ON INDEX app.workspace_integrations_tenant_last_sync_idx IS
    'Integrations of a tenant by last successful sync, stalest (or never synced) first (the source''s index on last_sync_at, led by tenant_id).';

COMMIT;
