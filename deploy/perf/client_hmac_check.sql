-- Deploy tenantdb:perf/client_hmac_check to pg
-- The per-statement HMAC check of tenantdb_client sessions, app_private.context_signature_is_valid()
-- (app.current_tenant_id() calls it once per statement for client logins and superuser sessions
-- under SET ROLE), with less work around the same HMAC (issue 13; figures in
-- docs/benchmarks-analysis.md, "Session 6: the client HMAC check"). Measured server-side
-- (pgbench -M prepared, pg_stat_statements, 20 checks per statement), the landed body spent its
-- time on: the definer call ~1.1 µs, reading the key row ~1.5 µs, the four settings, left() and
-- right() and the concatenations ~3 µs (left()/right() count characters over the whole stamp),
-- the HMAC's two SHA-256 ~3-4 µs (the server's own SHA-256, proportional to the stamp's length), and
-- the two SHA-256 of the comparison ~1.5 µs.
-- Same check, same result for every stamp bind_context() writes, and no new way to pass:
-- - the stamp is taken as its bytes (textsend) and cut by bytes (substr, octet_length: both O(1),
--   no character counting, which grew with the stamp: 27.0 -> 17.7 µs for a 1.6 KB stamp): the
--   signed part is every byte before the last 65 (the ':' and the 64 hex digits of the HMAC), the
--   given HMAC the last 64 bytes. bind_context() writes only ASCII (uuids, digits, role names,
--   ':{},'), which is the same bytes in every server encoding and in the UTF-8 the signer hashes,
--   so bytes and characters agree; a stamp edited with other characters can only fail to match.
--   A stamp shorter than 65 bytes signs the empty string (GREATEST(..., 0)): false, never an error.
-- - the HMAC (app_private.context_signing_key's pads) over 'tenantdb-context-v2|tenant|person|'
--   and those bytes, as app_private.resolved_context_signature() signs it; NULL settings give
--   NULL, which coalesce turns into false, as before;
-- - compared as SHA-256 of both hex strings, as before: the comparison's timing says nothing
--   about the right HMAC. Kept (about 2 µs of the check, measured): a client can hold one
--   transaction, so one right HMAC, and repeat forged statements in savepoints as long as it
--   likes; a byte-by-byte memcmp (musl's, say) would then leak the position of the first wrong
--   byte, in theory. The given HMAC must be the lower-case hex bind_context() wrote, byte for
--   byte: upper case, a shorter or a longer HMAC fail.
-- Tried and dropped (same method): a PL/pgSQL body (no faster: the plan was never the cost, SQL
-- functions cache theirs on this server), the stamp read once in an OFFSET 0 subquery (its plan
-- nodes cost what the repeated reads save), a constant-time comparison by the XOR of two bit
-- strings or by hashtextextended() then equality (no cheaper than the two SHA-256).
-- Same name, no SET clause, SQL-standard body (the lint allowlist's reasons hold). On Citus,
-- citus/node_local_key's variant (reading the node-local key) stays: nothing changes there.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $hmac$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/client_hmac_check: citus keeps citus/node_local_key''s check, nothing to change';
        RETURN;
    END IF;
    -- EXECUTE: a BEGIN ATOMIC body holds ';', which a PL/pgSQL statement cannot.
    EXECUTE $create$
    CREATE OR REPLACE FUNCTION app_private.context_signature_is_valid()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    BEGIN ATOMIC
        SELECT coalesce(
                   pg_catalog.sha256(pg_catalog.substr(pg_catalog.textsend(pg_catalog.current_setting('app.context_stamp', true)),
                                                       pg_catalog.octet_length(pg_catalog.current_setting('app.context_stamp', true)) - 63))
                 = pg_catalog.sha256(pg_catalog.textsend(pg_catalog.encode(
                       pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad
                           || pg_catalog.textsend('tenantdb-context-v2|' || pg_catalog.current_setting('app.tenant_id', true)
                                                  || '|' || pg_catalog.current_setting('app.user_id', true) || '|')
                           || pg_catalog.substr(pg_catalog.textsend(pg_catalog.current_setting('app.context_stamp', true)), 1,
                                                GREATEST(pg_catalog.octet_length(pg_catalog.current_setting('app.context_stamp', true)) - 65, 0)))),
                       'hex'))),
                   false)
        FROM app_private.context_signing_key k;
    END
    $create$;
    COMMENT ON FUNCTION app_private.context_signature_is_valid() IS
        'True when app.context_stamp carries the right HMAC (version 2) for the current app.tenant_id, app.user_id, its binding and the resolved values it carries, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. The stamp is cut by bytes, not characters (perf/client_hmac_check); the given HMAC must be the lower-case hex bind_context() wrote. Compares SHA-256 of both hex strings (timing reveals nothing useful). Definer (reads the key); per statement for tenantdb_client sessions.';
END
$hmac$;

COMMIT;
