-- Deploy tenantdb:core/tenants to pg
-- One row per institution. The tenant's own id is its key, so this table has no tenant_id:
-- a client sees exactly the row whose id is the transaction's tenant. Only the maintenance
-- role provisions, renames or suspends tenants.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.tenants (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    slug text NOT NULL,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    CONSTRAINT tenants_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT tenants_status_known CHECK (status IN ('active', 'suspended', 'archived')),
    CONSTRAINT tenants_settings_is_object CHECK (jsonb_typeof(settings) = 'object')
);

COMMENT ON TABLE app.tenants IS
    'Institutions (tenants). Every other tenant table carries tenant_id referencing this table. Clients read only their own tenant''s row; the maintenance role provisions.';
COMMENT ON COLUMN app.tenants.id IS 'Tenant id: the value clients put in app.tenant_id.';
COMMENT ON COLUMN app.tenants.slug IS 'Stable URL-safe name (lowercase letters, digits, inner hyphens; 1-63 characters), unique across tenants.';
COMMENT ON COLUMN app.tenants.name IS 'Display name of the institution (1-200 characters).';
COMMENT ON COLUMN app.tenants.status IS 'active, suspended or archived.';
COMMENT ON COLUMN app.tenants.settings IS 'Tenant-wide settings as a JSON object (retention defaults, feature flags).';
COMMENT ON COLUMN app.tenants.created_at IS 'When the tenant was provisioned.';
COMMENT ON COLUMN app.tenants.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT tenants_slug_format ON app.tenants IS 'Slugs are DNS-label shaped.';
COMMENT ON CONSTRAINT tenants_status_known ON app.tenants IS 'Only known lifecycle states.';
COMMENT ON CONSTRAINT tenants_settings_is_object ON app.tenants IS 'settings is a JSON object, never an array or scalar.';
COMMENT ON CONSTRAINT tenants_name_length ON app.tenants IS 'Names are 1-200 characters, not blank.';

ALTER TABLE app.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.tenants FORCE ROW LEVEL SECURITY;

-- One policy per client role (not one policy TO both): pg_dump lists a policy's roles in role
-- OID order, which differs between clusters, and the schema snapshot must not.
CREATE POLICY tenants_select_app ON app.tenants
    FOR SELECT TO tenantdb_app
    USING (id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY tenants_select_app ON app.tenants IS
    'People see only the row of the transaction''s tenant.';

CREATE POLICY tenants_select_service ON app.tenants
    FOR SELECT TO tenantdb_service
    USING (id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY tenants_select_service ON app.tenants IS
    'The service role sees only the row of the transaction''s tenant.';

CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.tenants
    FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.tenants IS 'Keeps updated_at at the time of the last UPDATE.';

GRANT SELECT ON app.tenants TO tenantdb_app, tenantdb_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.tenants TO tenantdb_maintenance;

COMMIT;
