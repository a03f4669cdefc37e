-- Deploy tenantdb:security/tenant_led_indexes to pg
-- Every B-tree index of a tenant table now leads with tenant_id (lint tenant_index_not_tenant_led).
-- The three global indexes below let a client count another tenant's rows: with index plans
-- forced, a scan of (expires_at) visits every tenant's entries and EXPLAIN ANALYZE reports the
-- ones RLS removes ("Rows Removed by Filter"). Led by tenant_id, the tenant_isolation policy is
-- an index condition and other tenants' entries are never visited. The cross-tenant jobs
-- (expired sessions and tokens, key rotation; maintenance role) keep an index: PostgreSQL 18's
-- B-tree skip scan runs one range per tenant on (tenant_id, x) for a condition on x alone.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- Built and dropped in the change's transaction (CONCURRENTLY cannot run in one). The builds
-- hold a SHARE lock (writes wait) for as long as they take; the drops an ACCESS EXCLUSIVE lock
-- for a moment. On a live database with large tables, deploy in a quiet window; hence:
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX user_sessions_tenant_expiry_idx ON app.user_sessions (tenant_id, expires_at);
COMMENT ON INDEX app.user_sessions_tenant_expiry_idx IS
    'Expired sessions of a tenant, oldest first; cleanup across tenants (maintenance role) reads it by skip scan. Led by tenant_id so that no client scan visits another tenant''s sessions.';
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.user_sessions_expiry_idx;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX auth_tokens_tenant_expiry_idx ON app.auth_tokens (tenant_id, expires_at);
COMMENT ON INDEX app.auth_tokens_tenant_expiry_idx IS
    'Expired tokens of a tenant; cleanup across tenants (maintenance role) reads it by skip scan. Led by tenant_id so that no client scan visits another tenant''s tokens.';
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.auth_tokens_expiry_idx;

-- squawk-ignore require-concurrent-index-creation
CREATE INDEX external_connections_tenant_key_id_idx ON app.external_connections (tenant_id, credential_key_id, id);
COMMENT ON INDEX app.external_connections_tenant_key_id_idx IS
    'Rows still encrypted with a given key: key rotation (maintenance role) reads it by skip scan across tenants. Led by tenant_id so that no client scan visits another tenant''s connections.';
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.external_connections_key_id_idx;

COMMIT;
