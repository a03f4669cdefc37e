-- Deploy tenantdb:identity/auth_tokens to pg
-- Tokens for authentication (password reset, email verification, magic links, API and refresh
-- tokens). Only the SHA-256 of a token is stored: the column is a 32-byte bytea, so a plaintext
-- token cannot be stored by mistake. The token is shown to its holder once, at creation.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.auth_tokens (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    token_sha256 bytea NOT NULL,
    single_use boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CONSTRAINT auth_tokens_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT auth_tokens_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT auth_tokens_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT auth_tokens_hash_key UNIQUE (tenant_id, token_sha256),
    CONSTRAINT auth_tokens_purpose_known CHECK (purpose IN ('password_reset', 'email_verification', 'magic_link', 'api', 'refresh')),
    CONSTRAINT auth_tokens_hash_is_sha256 CHECK (octet_length(token_sha256) = 32),
    CONSTRAINT auth_tokens_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT auth_tokens_used_only_if_single_use CHECK (used_at IS NULL OR single_use)
);

COMMENT ON TABLE app.auth_tokens IS
    'Authentication tokens of users, stored as SHA-256 hashes only (never plaintext), with expiry; single-use tokens are consumed by app.consume_auth_token().';
COMMENT ON COLUMN app.auth_tokens.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.auth_tokens.id IS 'Token id (not the token).';
COMMENT ON COLUMN app.auth_tokens.user_id IS 'The user the token authenticates.';
COMMENT ON COLUMN app.auth_tokens.purpose IS 'What the token is for: password_reset, email_verification, magic_link, api or refresh.';
COMMENT ON COLUMN app.auth_tokens.token_sha256 IS 'SHA-256 of the token (32 bytes). The token itself is never stored.';
COMMENT ON COLUMN app.auth_tokens.single_use IS 'True when the token is spent by its first use (reset links, magic links).';
COMMENT ON COLUMN app.auth_tokens.created_at IS 'When the token was issued.';
COMMENT ON COLUMN app.auth_tokens.expires_at IS 'After this time the token is refused.';
COMMENT ON COLUMN app.auth_tokens.used_at IS 'When a single-use token was spent; NULL while unused.';
COMMENT ON CONSTRAINT auth_tokens_user_fkey ON app.auth_tokens IS 'Token of a user of the same tenant; deleted with the user.';
COMMENT ON CONSTRAINT auth_tokens_hash_key ON app.auth_tokens IS 'A token hash identifies one token within the tenant.';
COMMENT ON CONSTRAINT auth_tokens_purpose_known ON app.auth_tokens IS 'Only the known token purposes.';
COMMENT ON CONSTRAINT auth_tokens_hash_is_sha256 ON app.auth_tokens IS 'Exactly 32 bytes: a SHA-256 digest, so a plaintext token cannot be stored here.';
COMMENT ON CONSTRAINT auth_tokens_expiry_after_creation ON app.auth_tokens IS 'A token expires after it was issued.';
COMMENT ON CONSTRAINT auth_tokens_used_only_if_single_use ON app.auth_tokens IS 'Only single-use tokens are marked as used.';

CREATE INDEX auth_tokens_user_idx ON app.auth_tokens (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.auth_tokens_user_idx IS 'Tokens of a person (their API tokens list, revocation); covers the user foreign key.';
CREATE INDEX auth_tokens_expiry_idx ON app.auth_tokens (expires_at);
COMMENT ON INDEX app.auth_tokens_expiry_idx IS 'Cleanup of expired tokens across tenants (maintenance role).';

SELECT app_private.guard_tenant_table('app.auth_tokens');

CREATE POLICY auth_tokens_select_app ON app.auth_tokens
    FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY auth_tokens_select_app ON app.auth_tokens IS 'A person sees their own tokens (hashes, purpose, expiry); admins see every token of the tenant.';

CREATE POLICY auth_tokens_delete_app ON app.auth_tokens
    FOR DELETE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY auth_tokens_delete_app ON app.auth_tokens IS 'A person revokes their own tokens; admins revoke anyone''s.';

CREATE POLICY auth_tokens_all_service ON app.auth_tokens
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY auth_tokens_all_service ON app.auth_tokens IS
    'The service role (the authentication flows) issues, checks and consumes tokens of the transaction''s tenant.';

GRANT SELECT, DELETE ON app.auth_tokens TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.auth_tokens TO tenantdb_service, tenantdb_maintenance;

CREATE FUNCTION app.consume_auth_token(token text, expected_purpose text)
RETURNS uuid
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    UPDATE app.auth_tokens t
    SET used_at = CASE WHEN t.single_use THEN pg_catalog.now() END
    WHERE t.tenant_id = app.current_tenant_id()
      AND t.token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'))
      AND t.purpose = expected_purpose
      AND t.expires_at > pg_catalog.now()
      AND t.used_at IS NULL
    RETURNING t.user_id;
END;
COMMENT ON FUNCTION app.consume_auth_token(text, text) IS
    'Checks a presented token (hashes it, never stores it) for the purpose; returns the user id, or NULL when it is unknown, expired, already used or for another purpose. A single-use token is spent atomically: two concurrent uses, one wins.';
REVOKE ALL ON FUNCTION app.consume_auth_token(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.consume_auth_token(text, text) TO tenantdb_service;

COMMIT;
