-- Deploy tenantdb:security/client_tokens to pg
-- Verified mode for untrusted direct clients (group tenantdb_client). A client login's
-- transaction starts with
--     SELECT app.set_token('<token>');
-- and gets a context only when the token verifies here, inside PostgreSQL:
--   * format: base64url(header).base64url(claims).base64url(HMAC-SHA256), at most 4096 characters;
--   * header: alg exactly HS256 (no "none", no RS/ES/HS512 confusion), kid of a loaded, unretired
--     key in app_private.token_keys (no client role can read it);
--   * signature: HMAC-SHA256 over "header.claims", compared in constant time;
--   * claims (read only after the signature holds): tid (tenant), sub (person), exp (unix time),
--     jti (16..128 characters, single use: spent in the first transaction that presents it);
--   * the login must be bound to the token's tenant (app_private.client_logins).
-- The person's role comes from app.users, not from the token, so a demotion takes effect in the
-- next transaction. Every refusal raises 42501 naming the check that failed; no message says
-- whether a tenant or person exists.
-- Once verified, the client acts with the user-facing role's rights and policies (it inherits
-- tenantdb_app); its sessions are the only ones whose accessors check the context's HMAC on
-- every statement (security/bound_context), and app.set_context() refuses them.
BEGIN;

-- Role membership needs a role with CREATEROLE (the deploying superuser), not the owner.
DO $membership$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::integer >= 160000 THEN
        -- PostgreSQL 16+: inherit the rights, but never SET ROLE tenantdb_app.
        EXECUTE 'GRANT tenantdb_app TO tenantdb_client WITH INHERIT TRUE, SET FALSE';
    ELSE
        EXECUTE 'GRANT tenantdb_app TO tenantdb_client';
    END IF;
END
$membership$;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app_private.token_keys (
    kid text PRIMARY KEY CONSTRAINT token_keys_kid_format CHECK (kid ~ '^[A-Za-z0-9_.-]{1,64}$'),
    inner_pad bytea NOT NULL CONSTRAINT token_keys_inner_pad_64_bytes CHECK (pg_catalog.length(inner_pad) = 64),
    outer_pad bytea NOT NULL CONSTRAINT token_keys_outer_pad_64_bytes CHECK (pg_catalog.length(outer_pad) = 64),
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    retired_at timestamptz
);
COMMENT ON TABLE app_private.token_keys IS
    'Keys that sign client tokens, by key id (kid), as HMAC-SHA256 pads; loaded by the maintenance role (tenantdb token rotate) from TENANTDB_TOKEN_KEYS. No client role can read it.';
COMMENT ON COLUMN app_private.token_keys.kid IS 'Key id named in a token''s header; never reused for another key.';
COMMENT ON COLUMN app_private.token_keys.inner_pad IS 'HMAC inner pad of the key (key XOR 0x36).';
COMMENT ON COLUMN app_private.token_keys.outer_pad IS 'HMAC outer pad of the key (key XOR 0x5c).';
COMMENT ON COLUMN app_private.token_keys.loaded_at IS 'When the key was loaded.';
COMMENT ON COLUMN app_private.token_keys.retired_at IS 'When the key was retired; tokens naming a retired key are refused. NULL while in use.';
COMMENT ON CONSTRAINT token_keys_kid_format ON app_private.token_keys IS 'Key ids are 1-64 characters of A-Z a-z 0-9 _ . -';
COMMENT ON CONSTRAINT token_keys_inner_pad_64_bytes ON app_private.token_keys IS 'An HMAC-SHA256 pad is one 64-byte block.';
COMMENT ON CONSTRAINT token_keys_outer_pad_64_bytes ON app_private.token_keys IS 'An HMAC-SHA256 pad is one 64-byte block.';

CREATE TABLE app_private.client_logins (
    login name PRIMARY KEY,
    tenant_id uuid NOT NULL CONSTRAINT client_logins_tenant_fkey REFERENCES app.tenants (id) ON DELETE CASCADE,
    bound_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE app_private.client_logins IS
    'Which tenant each tenantdb_client login is bound to: app.set_token() refuses tokens of any other tenant on that login. Written by app_private.bind_client_login() (maintenance); no client role can read it.';
COMMENT ON COLUMN app_private.client_logins.login IS 'A login role that is a member of tenantdb_client.';
COMMENT ON COLUMN app_private.client_logins.tenant_id IS 'The only tenant whose tokens this login accepts.';
COMMENT ON COLUMN app_private.client_logins.bound_at IS 'When the login was bound.';
COMMENT ON CONSTRAINT client_logins_tenant_fkey ON app_private.client_logins IS 'A login is bound to an existing tenant; the binding goes with the tenant.';
CREATE INDEX client_logins_tenant_id_idx ON app_private.client_logins (tenant_id);
COMMENT ON INDEX app_private.client_logins_tenant_id_idx IS 'Finds the logins of a tenant (and serves the foreign key on tenant deletion).';

CREATE TABLE app_private.spent_token_ids (
    jti text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    spent_in text NOT NULL
);
COMMENT ON TABLE app_private.spent_token_ids IS
    'Token ids (jti) already presented, until their token expires: a token works in one transaction only. Rows past expires_at can be deleted (app_private.forget_expired_token_ids).';
COMMENT ON COLUMN app_private.spent_token_ids.jti IS 'The token''s jti claim.';
COMMENT ON COLUMN app_private.spent_token_ids.expires_at IS 'The token''s exp claim; after it the token is refused anyway.';
COMMENT ON COLUMN app_private.spent_token_ids.spent_in IS 'Binding (backend pid and transaction start) of the transaction that presented it.';
CREATE INDEX spent_token_ids_expires_at_idx ON app_private.spent_token_ids (expires_at);
COMMENT ON INDEX app_private.spent_token_ids_expires_at_idx IS 'Serves the deletion of expired entries.';

CREATE FUNCTION app_private.base64url_decode(encoded text)
RETURNS bytea
LANGUAGE sql
IMMUTABLE
STRICT
PARALLEL SAFE
RETURN pg_catalog.decode(
    pg_catalog.rpad(pg_catalog.translate(encoded, '-_', '+/'),
                    ((pg_catalog.length(encoded) + 3) / 4) * 4, '='),
    'base64');
COMMENT ON FUNCTION app_private.base64url_decode(text) IS
    'Decodes unpadded base64url (RFC 4648 section 5), as in token parts; raises on invalid input.';

CREATE FUNCTION app_private.constant_time_equal(left_bytes bytea, right_bytes bytea)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE
STRICT
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    difference integer := 0;
BEGIN
    -- The length is public (a signature is 32 bytes); every byte is compared, whatever differs.
    IF pg_catalog.length(left_bytes) <> pg_catalog.length(right_bytes) THEN
        RETURN false;
    END IF;
    FOR i IN 0 .. pg_catalog.length(left_bytes) - 1 LOOP
        difference := difference | (pg_catalog.get_byte(left_bytes, i) # pg_catalog.get_byte(right_bytes, i));
    END LOOP;
    RETURN difference = 0;
END
$function$;
COMMENT ON FUNCTION app_private.constant_time_equal(bytea, bytea) IS
    'Byte strings equal? Compares every byte (OR of XORs), so the time taken does not depend on where they differ.';

CREATE FUNCTION app_private.refuse_token(failed_check text, reason text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RAISE EXCEPTION 'token refused (%): %', failed_check, reason
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Present a fresh token for this login''s tenant, issued by your server (tenantdb token issue); a token works in one transaction.';
END
$function$;
COMMENT ON FUNCTION app_private.refuse_token(text, text) IS
    'Raises 42501 "token refused (<check>): <reason>" for app.set_token(); never names a tenant or person.';

CREATE FUNCTION app.set_token(token text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    parts text[];
    header jsonb;
    claims jsonb;
    signature bytea;
    signing_key app_private.token_keys%ROWTYPE;
    claimed_tenant uuid;
    claimed_person uuid;
    expires numeric;
    token_id text;
    bound_tenant uuid;
    binding text := app_private.transaction_binding();
    first_use text;
BEGIN
    IF token IS NULL OR pg_catalog.length(token) > 4096 THEN
        PERFORM app_private.refuse_token('malformed', 'no token, or longer than 4096 characters');
    END IF;
    IF token !~ '^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{43}$' THEN
        PERFORM app_private.refuse_token('malformed', 'not header.claims.signature in base64url with a 32-byte signature (truncated or altered?)');
    END IF;
    parts := pg_catalog.string_to_array(token, '.');
    BEGIN
        header := pg_catalog.convert_from(app_private.base64url_decode(parts[1]), 'UTF8')::jsonb;
        claims := pg_catalog.convert_from(app_private.base64url_decode(parts[2]), 'UTF8')::jsonb;
        signature := app_private.base64url_decode(parts[3]);
    EXCEPTION WHEN OTHERS THEN
        PERFORM app_private.refuse_token('malformed', 'a part does not decode to JSON');
    END;
    IF pg_catalog.jsonb_typeof(header) IS DISTINCT FROM 'object' OR pg_catalog.jsonb_typeof(claims) IS DISTINCT FROM 'object' THEN
        PERFORM app_private.refuse_token('malformed', 'header and claims must be JSON objects');
    END IF;
    IF header ->> 'alg' IS DISTINCT FROM 'HS256' OR pg_catalog.jsonb_typeof(header -> 'alg') IS DISTINCT FROM 'string' THEN
        PERFORM app_private.refuse_token('algorithm', 'only alg HS256 is accepted');
    END IF;
    SELECT k.* INTO signing_key FROM app_private.token_keys k
    WHERE k.kid = header ->> 'kid' AND k.retired_at IS NULL;
    IF NOT FOUND THEN
        PERFORM app_private.refuse_token('key', 'the key id is unknown or retired');
    END IF;
    IF NOT app_private.constant_time_equal(
               signature,
               app_private.hmac_sha256(signing_key.inner_pad, signing_key.outer_pad,
                                       pg_catalog.convert_to(parts[1] || '.' || parts[2], 'UTF8'))) THEN
        PERFORM app_private.refuse_token('signature', 'the signature does not match (tampered, or signed with another key)');
    END IF;
    -- From here on the claims are the issuer's.
    BEGIN
        claimed_tenant := (claims ->> 'tid')::uuid;
        claimed_person := (claims ->> 'sub')::uuid;
        expires := (claims ->> 'exp')::numeric;
    EXCEPTION WHEN OTHERS THEN
        PERFORM app_private.refuse_token('claims', 'tid and sub must be uuids, exp a number');
    END;
    token_id := claims ->> 'jti';
    IF claimed_tenant IS NULL OR claimed_person IS NULL OR expires IS NULL
       OR token_id IS NULL OR pg_catalog.length(token_id) NOT BETWEEN 16 AND 128 THEN
        PERFORM app_private.refuse_token('claims', 'tid, sub, exp and jti (16-128 characters) are required');
    END IF;
    IF expires <= pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) THEN
        PERFORM app_private.refuse_token('expired', 'the token has expired');
    END IF;
    SELECT c.tenant_id INTO bound_tenant FROM app_private.client_logins c WHERE c.login = session_user;
    IF bound_tenant IS NULL THEN
        PERFORM app_private.refuse_token('login', 'this login is not bound to a tenant (tenantdb role add NAME --as client --tenant T)');
    ELSIF bound_tenant <> claimed_tenant THEN
        PERFORM app_private.refuse_token('login', 'the token is for another tenant than the one this login is bound to');
    END IF;
    INSERT INTO app_private.spent_token_ids (jti, expires_at, spent_in)
    VALUES (token_id, pg_catalog.to_timestamp(expires::double precision), binding)
    ON CONFLICT (jti) DO NOTHING;
    IF NOT FOUND THEN
        SELECT s.spent_in INTO first_use FROM app_private.spent_token_ids s WHERE s.jti = token_id;
        IF first_use IS DISTINCT FROM binding THEN
            PERFORM app_private.refuse_token('replayed', 'the token was already used in another transaction');
        END IF;
    END IF;
    PERFORM app_private.bind_context(claimed_tenant, claimed_person);
END
$function$;
COMMENT ON FUNCTION app.set_token(text) IS
    'Verified context for tenantdb_client logins, first in every transaction: SELECT app.set_token(token). Verifies the HMAC-SHA256 token (alg HS256, kid, exp, single-use jti, tenant bound to the login) inside the database and sets the signed, transaction-bound context; raises 42501 naming the failed check otherwise.';
REVOKE ALL ON FUNCTION app.set_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.set_token(text) TO tenantdb_client;

CREATE FUNCTION app_private.load_token_key(key_id text, key_bytes bytea)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    inner_pad bytea;
    outer_pad bytea;
    existing app_private.token_keys%ROWTYPE;
BEGIN
    IF key_bytes IS NULL OR pg_catalog.length(key_bytes) < 32 THEN
        RAISE EXCEPTION 'token key % is shorter than 32 bytes', key_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'generate one with: openssl rand -base64 32';
    END IF;
    inner_pad := app_private.hmac_sha256_pad(key_bytes, 54);
    outer_pad := app_private.hmac_sha256_pad(key_bytes, 92);
    SELECT k.* INTO existing FROM app_private.token_keys k WHERE k.kid = key_id;
    IF NOT FOUND THEN
        INSERT INTO app_private.token_keys (kid, inner_pad, outer_pad) VALUES (key_id, inner_pad, outer_pad);
        RETURN 'loaded';
    END IF;
    IF NOT app_private.constant_time_equal(existing.inner_pad, inner_pad) THEN
        RAISE EXCEPTION 'token key id % is already loaded with another key', key_id
            USING ERRCODE = 'unique_violation', HINT = 'a key id must never name two keys: give the new key a new id';
    END IF;
    RETURN CASE WHEN existing.retired_at IS NULL THEN 'unchanged' ELSE 'retired' END;
END
$function$;
COMMENT ON FUNCTION app_private.load_token_key(text, bytea) IS
    'Loads a token-signing key under its id (idempotent); refuses a key id already loaded with another key and keys under 32 bytes. Returns loaded, unchanged or retired. Maintenance role only.';
REVOKE ALL ON FUNCTION app_private.load_token_key(text, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.load_token_key(text, bytea) TO tenantdb_maintenance;

CREATE FUNCTION app_private.retire_token_key(key_id text)
RETURNS boolean
LANGUAGE sql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    UPDATE app_private.token_keys SET retired_at = pg_catalog.now()
    WHERE kid = key_id AND retired_at IS NULL
    RETURNING true;
END;
COMMENT ON FUNCTION app_private.retire_token_key(text) IS
    'Retires a token-signing key: tokens naming it are refused from now on. True when it was in use. Maintenance role only.';
REVOKE ALL ON FUNCTION app_private.retire_token_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.retire_token_key(text) TO tenantdb_maintenance;

CREATE FUNCTION app_private.token_key_ids()
RETURNS TABLE (kid text, in_use boolean, loaded_at timestamptz, retired_at timestamptz)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT k.kid, k.retired_at IS NULL, k.loaded_at, k.retired_at FROM app_private.token_keys k ORDER BY k.kid;
END;
COMMENT ON FUNCTION app_private.token_key_ids() IS
    'The loaded token keys by id, in use or retired, without the key material. Maintenance role only (tenantdb token rotate).';
REVOKE ALL ON FUNCTION app_private.token_key_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.token_key_ids() TO tenantdb_maintenance;

CREATE FUNCTION app_private.bind_client_login(login name, tenant uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    role_row record;
BEGIN
    SELECT r.rolcanlogin, r.rolsuper, r.rolbypassrls INTO role_row FROM pg_catalog.pg_roles r WHERE r.rolname = login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role % does not exist', login USING ERRCODE = 'undefined_object',
            HINT = 'CREATE ROLE <name> LOGIN IN ROLE tenantdb_client first';
    END IF;
    IF NOT role_row.rolcanlogin OR role_row.rolsuper OR role_row.rolbypassrls
       OR NOT pg_catalog.pg_has_role(login, 'tenantdb_client', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_service', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_maintenance', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is not a plain tenantdb_client login', login USING ERRCODE = 'invalid_parameter_value',
            HINT = 'a client login can log in, is a member of tenantdb_client and of no other tenantdb group, and neither is a superuser nor bypasses RLS';
    END IF;
    INSERT INTO app_private.client_logins (login, tenant_id) VALUES (login, tenant)
    ON CONFLICT ON CONSTRAINT client_logins_pkey DO NOTHING;
    IF NOT FOUND AND (SELECT c.tenant_id FROM app_private.client_logins c WHERE c.login = bind_client_login.login) <> tenant THEN
        RAISE EXCEPTION 'login % is already bound to another tenant', login USING ERRCODE = 'unique_violation',
            HINT = 'a client login serves one tenant for life: create a new login for the other tenant';
    END IF;
END
$function$;
COMMENT ON FUNCTION app_private.bind_client_login(name, uuid) IS
    'Binds a tenantdb_client login to its one tenant (idempotent; refuses rebinding and roles that are not plain client logins). Maintenance role only; tenantdb.tokens.bind_login() and `tenantdb role add NAME --as client --tenant T` call it.';
REVOKE ALL ON FUNCTION app_private.bind_client_login(name, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.bind_client_login(name, uuid) TO tenantdb_maintenance;

CREATE FUNCTION app_private.forget_expired_token_ids()
RETURNS bigint
LANGUAGE sql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH gone AS (DELETE FROM app_private.spent_token_ids WHERE expires_at < pg_catalog.now() RETURNING 1)
    SELECT pg_catalog.count(*) FROM gone;
END;
COMMENT ON FUNCTION app_private.forget_expired_token_ids() IS
    'Deletes spent token ids whose tokens have expired (they are refused as expired anyway); returns how many. Maintenance role only.';
REVOKE ALL ON FUNCTION app_private.forget_expired_token_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.forget_expired_token_ids() TO tenantdb_maintenance;

COMMIT;
