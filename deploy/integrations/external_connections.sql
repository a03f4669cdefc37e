-- Deploy tenantdb:integrations/external_connections to pg
-- Connections of a tenant to outside systems (GitHub, SharePoint, ...) with their credentials.
-- The database holds only AES-256-GCM ciphertext and the id of the key that encrypted it; the
-- keys live in the application's environment (TENANTDB_CREDENTIAL_KEYS, see
-- docs/credentials.md), so neither a dump nor a superuser reveals a secret.
-- Tenant admins manage connections; the service role (sync workers) reads and updates them.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.external_connections (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    service_type text NOT NULL,
    display_name text NOT NULL,
    service_config jsonb NOT NULL DEFAULT '{}'::jsonb,
    credential_key_id text NOT NULL,
    credential_ciphertext bytea NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT external_connections_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT external_connections_name_key UNIQUE (tenant_id, workspace_id, service_type, display_name),
    CONSTRAINT external_connections_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT external_connections_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
        REFERENCES app.workspaces (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT external_connections_created_by_fkey FOREIGN KEY (tenant_id, created_by)
        REFERENCES app.users (tenant_id, id) ON DELETE SET NULL (created_by),
    CONSTRAINT external_connections_service_type_known CHECK (service_type IN ('github', 'sharepoint', 'ignis_platform')),
    CONSTRAINT external_connections_display_name_length CHECK (char_length(btrim(display_name)) BETWEEN 1 AND 200),
    CONSTRAINT external_connections_service_config_is_object CHECK (jsonb_typeof(service_config) = 'object'),
    CONSTRAINT external_connections_key_id_format CHECK (credential_key_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    CONSTRAINT external_connections_ciphertext_is_aes_gcm CHECK (octet_length(credential_ciphertext) BETWEEN 29 AND 65536),
    CONSTRAINT external_connections_status_known CHECK (status IN ('active', 'disabled', 'error'))
);

COMMENT ON TABLE app.external_connections IS
    'Connections to outside systems with encrypted credentials (ciphertext and key id only; keys are in the application environment). Tenant admins only; the service role reads them to sync.';
COMMENT ON COLUMN app.external_connections.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.external_connections.id IS 'Connection id.';
COMMENT ON COLUMN app.external_connections.workspace_id IS 'The workspace the connection serves (deleted with it).';
COMMENT ON COLUMN app.external_connections.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.external_connections.display_name IS 'Name shown to admins (1-200 characters), unique per workspace and service.';
COMMENT ON COLUMN app.external_connections.service_config IS 'Non-secret settings (repository, site URL, branch) as a JSON object; never a credential.';
COMMENT ON COLUMN app.external_connections.credential_key_id IS 'Id of the key in TENANTDB_CREDENTIAL_KEYS that encrypted the credential (rotation moves rows to a new id).';
COMMENT ON COLUMN app.external_connections.credential_ciphertext IS 'AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag; the tenant and connection ids are the associated data, so a ciphertext copied to another row does not decrypt.';
COMMENT ON COLUMN app.external_connections.status IS 'active, disabled or error.';
COMMENT ON COLUMN app.external_connections.created_by IS 'Admin who created the connection; NULL once that person is deleted.';
COMMENT ON COLUMN app.external_connections.created_at IS 'When the connection was created.';
COMMENT ON COLUMN app.external_connections.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT external_connections_name_key ON app.external_connections IS 'Display names are unique per workspace and service; covers the workspace foreign key.';
COMMENT ON CONSTRAINT external_connections_workspace_fkey ON app.external_connections IS 'Connection of a workspace of the same tenant; deleted with the workspace.';
COMMENT ON CONSTRAINT external_connections_created_by_fkey ON app.external_connections IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
COMMENT ON CONSTRAINT external_connections_service_type_known ON app.external_connections IS 'Only the supported services.';
COMMENT ON CONSTRAINT external_connections_display_name_length ON app.external_connections IS 'Display names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT external_connections_service_config_is_object ON app.external_connections IS 'Settings are a JSON object.';
COMMENT ON CONSTRAINT external_connections_key_id_format ON app.external_connections IS 'Key ids are 1-64 characters of letters, digits, dot, dash, underscore.';
COMMENT ON CONSTRAINT external_connections_ciphertext_is_aes_gcm ON app.external_connections IS 'At least nonce (12) + tag (16) + 1 byte: an empty or plaintext-sized-zero value cannot be stored.';
COMMENT ON CONSTRAINT external_connections_status_known ON app.external_connections IS 'Only active, disabled or error.';

CREATE INDEX external_connections_created_by_idx ON app.external_connections (tenant_id, created_by);
COMMENT ON INDEX app.external_connections_created_by_idx IS 'Covers the creator foreign key.';
CREATE INDEX external_connections_service_type_idx ON app.external_connections (tenant_id, service_type);
COMMENT ON INDEX app.external_connections_service_type_idx IS 'Connections by service (the source''s index on service_type, led by tenant_id).';
CREATE INDEX external_connections_status_idx ON app.external_connections (tenant_id, status);
COMMENT ON INDEX app.external_connections_status_idx IS 'Connections by status (the source''s index on status, led by tenant_id).';
CREATE INDEX external_connections_key_id_idx ON app.external_connections (credential_key_id, tenant_id, id);
COMMENT ON INDEX app.external_connections_key_id_idx IS
    'Finds the rows still encrypted with a given key across tenants (key rotation by the maintenance role); the only index not led by tenant_id, because rotation is not per tenant.';

SELECT app_private.guard_tenant_table('app.external_connections');

CREATE POLICY external_connections_select_app ON app.external_connections
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY external_connections_select_app ON app.external_connections IS 'Only tenant admins see connections (and even they see ciphertext only).';

CREATE POLICY external_connections_insert_app ON app.external_connections
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY external_connections_insert_app ON app.external_connections IS 'Only tenant admins add connections.';

CREATE POLICY external_connections_update_app ON app.external_connections
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY external_connections_update_app ON app.external_connections IS 'Only tenant admins change connections and their credentials.';

CREATE POLICY external_connections_delete_app ON app.external_connections
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY external_connections_delete_app ON app.external_connections IS 'Only tenant admins remove connections.';

CREATE POLICY external_connections_all_service ON app.external_connections
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY external_connections_all_service ON app.external_connections IS 'The service role (sync workers) reads and updates the connections of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.external_connections TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
