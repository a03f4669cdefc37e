-- Deploy tenantdb:integrations/integration_configs to pg
-- Tenant-wide settings per outside service (the sources' integration_configs: GitHub,
-- SharePoint, Ignis Platform). Non-secret; admin-only like every integration table.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.integration_configs (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    service_type text NOT NULL,
    is_enabled boolean NOT NULL DEFAULT true,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_configs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT integration_configs_service_key UNIQUE (tenant_id, service_type),
    CONSTRAINT integration_configs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT integration_configs_service_type_known CHECK (service_type IN ('github', 'sharepoint', 'ignis_platform')),
    CONSTRAINT integration_configs_config_is_object CHECK (jsonb_typeof(config) = 'object')
);

COMMENT ON TABLE app.integration_configs IS 'Tenant-wide, non-secret settings per outside service (app id, tenant URL, scopes). Tenant admins only; the service role reads them.';
COMMENT ON COLUMN app.integration_configs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.integration_configs.id IS 'Row id.';
COMMENT ON COLUMN app.integration_configs.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.integration_configs.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.integration_configs.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.integration_configs.is_enabled IS 'false: the service is switched off for the tenant.';
COMMENT ON COLUMN app.integration_configs.config IS 'Settings (a JSON object; never a credential).';
COMMENT ON CONSTRAINT integration_configs_service_key ON app.integration_configs IS 'One row per service and tenant.';
COMMENT ON CONSTRAINT integration_configs_service_type_known ON app.integration_configs IS 'Only the supported services.';
COMMENT ON CONSTRAINT integration_configs_config_is_object ON app.integration_configs IS 'Settings are a JSON object.';

SELECT app_private.guard_tenant_table('app.integration_configs');

CREATE POLICY integration_configs_select_app ON app.integration_configs
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY integration_configs_select_app ON app.integration_configs IS 'Only tenant admins read integration settings (integrations are admin-only).';

CREATE POLICY integration_configs_insert_app ON app.integration_configs
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY integration_configs_insert_app ON app.integration_configs IS 'Only tenant admins add integration settings (integrations are admin-only).';

CREATE POLICY integration_configs_update_app ON app.integration_configs
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY integration_configs_update_app ON app.integration_configs IS 'Only tenant admins change integration settings (integrations are admin-only).';

CREATE POLICY integration_configs_delete_app ON app.integration_configs
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY integration_configs_delete_app ON app.integration_configs IS 'Only tenant admins remove integration settings (integrations are admin-only).';

CREATE POLICY integration_configs_all_service ON app.integration_configs
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY integration_configs_all_service ON app.integration_configs IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.integration_configs TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
