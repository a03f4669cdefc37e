-- Deploy tenantdb:retention/policies to pg
-- How long a tenant keeps data: one default row per tenant (workspace_id NULL) and optional
-- overrides per workspace. NULL in a column means "keep forever". `tenantdb retention run`
-- (maintenance role) applies them; see docs/retention.md.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.retention_policies (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid,
    -- a count of days or versions, CHECKed far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    chat_history_days integer,
    -- a count of days or versions, CHECKed far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    artifact_versions_to_keep integer,
    -- a count of days or versions, CHECKed far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    interactions_days integer,
    -- a count of days or versions, CHECKed far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    sync_logs_days integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT retention_policies_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT retention_policies_scope_key UNIQUE NULLS NOT DISTINCT (tenant_id, workspace_id),
    CONSTRAINT retention_policies_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT retention_policies_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT retention_policies_chat_history_days_range CHECK (chat_history_days BETWEEN 1 AND 36500),
    CONSTRAINT retention_policies_artifact_versions_range CHECK (artifact_versions_to_keep BETWEEN 1 AND 100000),
    CONSTRAINT retention_policies_interactions_days_range CHECK (interactions_days BETWEEN 1 AND 36500),
    CONSTRAINT retention_policies_sync_logs_days_range CHECK (sync_logs_days BETWEEN 1 AND 36500)
);

COMMENT ON TABLE app.retention_policies IS
    'Retention per tenant (workspace_id NULL) and per workspace (overrides the tenant''s values where set). NULL = keep forever. Tenant admins manage them; the service role reads them.';
COMMENT ON COLUMN app.retention_policies.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.retention_policies.id IS 'Policy id.';
COMMENT ON COLUMN app.retention_policies.workspace_id IS 'The workspace this row overrides; NULL for the tenant''s default row.';
COMMENT ON COLUMN app.retention_policies.chat_history_days IS 'Chat messages older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.artifact_versions_to_keep IS 'Newest versions kept per artifact; older ones are archived (1-100000; NULL keeps all).';
COMMENT ON COLUMN app.retention_policies.interactions_days IS 'Interactions older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.sync_logs_days IS 'Sync logs older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.created_at IS 'When the policy was created.';
COMMENT ON COLUMN app.retention_policies.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT retention_policies_scope_key ON app.retention_policies IS 'One default row per tenant and at most one override per workspace (NULLs compare equal); covers the workspace foreign key.';
COMMENT ON CONSTRAINT retention_policies_workspace_fkey ON app.retention_policies IS 'Override of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT retention_policies_chat_history_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
COMMENT ON CONSTRAINT retention_policies_artifact_versions_range ON app.retention_policies IS 'At least the newest version is kept, or NULL.';
COMMENT ON CONSTRAINT retention_policies_interactions_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
COMMENT ON CONSTRAINT retention_policies_sync_logs_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';

SELECT app_private.guard_tenant_table('app.retention_policies');

CREATE POLICY retention_policies_select_app ON app.retention_policies
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY retention_policies_select_app ON app.retention_policies IS 'Tenant admins read the retention settings.';

CREATE POLICY retention_policies_insert_app ON app.retention_policies
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY retention_policies_insert_app ON app.retention_policies IS 'Tenant admins add retention settings.';

CREATE POLICY retention_policies_update_app ON app.retention_policies
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY retention_policies_update_app ON app.retention_policies IS 'Tenant admins change retention settings.';

CREATE POLICY retention_policies_delete_app ON app.retention_policies
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY retention_policies_delete_app ON app.retention_policies IS 'Tenant admins remove retention settings.';

CREATE POLICY retention_policies_select_service ON app.retention_policies
    FOR SELECT TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY retention_policies_select_service ON app.retention_policies IS 'The service role reads the settings of the transaction''s tenant (to show them); only admins change them.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.retention_policies TO tenantdb_app, tenantdb_maintenance;
GRANT SELECT ON app.retention_policies TO tenantdb_service;

CREATE TRIGGER audit_policy_change AFTER INSERT OR UPDATE OR DELETE ON app.retention_policies
    FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_policy_change ON app.retention_policies IS 'Audits changes of retention settings.';

COMMIT;
