-- Revert tenantdb:workspaces/listing_indexes from pg
BEGIN;

DROP INDEX app.workspaces_tenant_created_idx;
DROP INDEX app.workspace_integrations_tenant_status_idx;
DROP INDEX app.workspace_integrations_tenant_last_sync_idx;

COMMIT;
