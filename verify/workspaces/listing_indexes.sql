-- Verify tenantdb:workspaces/listing_indexes on pg
BEGIN;

SELECT 'app.workspaces_tenant_created_idx'::regclass,
       'app.workspace_integrations_tenant_status_idx'::regclass,
       'app.workspace_integrations_tenant_last_sync_idx'::regclass;

ROLLBACK;
