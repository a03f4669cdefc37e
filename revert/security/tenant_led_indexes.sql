-- Revert tenantdb:security/tenant_led_indexes from pg
-- The global indexes of v0.1.0 come back (and with them the EXPLAIN counting channel).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE INDEX user_sessions_expiry_idx ON app.user_sessions (expires_at);
COMMENT ON INDEX app.user_sessions_expiry_idx IS
    'Cleanup of expired sessions across tenants (maintenance role): a range scan from the oldest expiry.';
DROP INDEX app.user_sessions_tenant_expiry_idx;

CREATE INDEX auth_tokens_expiry_idx ON app.auth_tokens (expires_at);
COMMENT ON INDEX app.auth_tokens_expiry_idx IS 'Cleanup of expired tokens across tenants (maintenance role).';
DROP INDEX app.auth_tokens_tenant_expiry_idx;

CREATE INDEX external_connections_key_id_idx ON app.external_connections (credential_key_id, tenant_id, id);
COMMENT ON INDEX app.external_connections_key_id_idx IS
    'Finds the rows still encrypted with a given key across tenants (key rotation by the maintenance role); the only index not led by tenant_id, because rotation is not per tenant.';
DROP INDEX app.external_connections_tenant_key_id_idx;

COMMIT;
