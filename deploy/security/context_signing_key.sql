-- Deploy tenantdb:security/context_signing_key to pg
-- HMAC-SHA256 built from the core sha256() (the embedded server has no pgcrypto), and the
-- database's own secret key that signs every tenant context (security/bound_context).
-- The key is stored as its two HMAC pads (key XOR 0x36.., key XOR 0x5c..), so one HMAC costs two
-- sha256() calls. It lives in app_private, where no client role has USAGE, with no grant to any
-- client role: only the owner's SECURITY DEFINER functions read it. It is generated here from
-- pg_catalog.gen_random_uuid() (a strong random source), so every deployed database has its own.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.hmac_sha256_pad(key bytea, pad_byte integer)
RETURNS bytea
LANGUAGE sql
IMMUTABLE
STRICT
PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.decode(
               pg_catalog.string_agg(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.get_byte(k.block, i) # pad_byte), 2, '0'), '' ORDER BY i),
               'hex')
    FROM (SELECT CASE WHEN pg_catalog.length(key) > 64 THEN pg_catalog.sha256(key) ELSE key END AS short_key) s
    CROSS JOIN LATERAL (SELECT s.short_key || pg_catalog.decode(pg_catalog.repeat('00', 64 - pg_catalog.length(s.short_key)), 'hex') AS block) k
    CROSS JOIN pg_catalog.generate_series(0, 63) AS i;
END;
COMMENT ON FUNCTION app_private.hmac_sha256_pad(bytea, integer) IS
    'One HMAC-SHA256 pad (RFC 2104): the key (hashed when longer than 64 bytes, zero-filled to 64) XOR the pad byte (54 = 0x36 inner, 92 = 0x5c outer). Computed once per key, never per message.';

CREATE FUNCTION app_private.hmac_sha256(inner_pad bytea, outer_pad bytea, message bytea)
RETURNS bytea
LANGUAGE sql
IMMUTABLE
STRICT
PARALLEL SAFE
RETURN pg_catalog.sha256(outer_pad || pg_catalog.sha256(inner_pad || message));
COMMENT ON FUNCTION app_private.hmac_sha256(bytea, bytea, bytea) IS
    'HMAC-SHA256 of a message from the key''s precomputed pads (see hmac_sha256_pad): sha256(outer_pad || sha256(inner_pad || message)).';

CREATE TABLE app_private.context_signing_key (
    singleton boolean PRIMARY KEY DEFAULT true CONSTRAINT context_signing_key_one_row CHECK (singleton),
    inner_pad bytea NOT NULL CONSTRAINT context_signing_key_inner_pad_64_bytes CHECK (pg_catalog.length(inner_pad) = 64),
    outer_pad bytea NOT NULL CONSTRAINT context_signing_key_outer_pad_64_bytes CHECK (pg_catalog.length(outer_pad) = 64),
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE app_private.context_signing_key IS
    'The database''s secret key that signs tenant contexts (app.context_stamp), as its two HMAC pads. One row. No client role can read it; only owner-run definer functions do.';
COMMENT ON COLUMN app_private.context_signing_key.singleton IS 'Always true: the table holds exactly one key.';
COMMENT ON COLUMN app_private.context_signing_key.inner_pad IS 'HMAC inner pad: the 32-byte random key, zero-filled to 64 bytes, XOR 0x36.';
COMMENT ON COLUMN app_private.context_signing_key.outer_pad IS 'HMAC outer pad: the same key XOR 0x5c.';
COMMENT ON COLUMN app_private.context_signing_key.created_at IS 'When the key was generated (deploy, or the last rotation by the maintenance role).';
COMMENT ON CONSTRAINT context_signing_key_one_row ON app_private.context_signing_key IS 'Exactly one key row.';
COMMENT ON CONSTRAINT context_signing_key_inner_pad_64_bytes ON app_private.context_signing_key IS 'An HMAC-SHA256 pad is one 64-byte block.';
COMMENT ON CONSTRAINT context_signing_key_outer_pad_64_bytes ON app_private.context_signing_key IS 'An HMAC-SHA256 pad is one 64-byte block.';

-- 4 x 122 random bits from pg_catalog.gen_random_uuid(), hashed into a 32-byte key.
INSERT INTO app_private.context_signing_key (inner_pad, outer_pad)
SELECT app_private.hmac_sha256_pad(k.key, 54), app_private.hmac_sha256_pad(k.key, 92)
FROM (SELECT pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                               || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())) AS key) k;

COMMIT;
