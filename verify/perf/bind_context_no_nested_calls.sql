-- Verify tenantdb:perf/bind_context_no_nested_calls on pg
-- Without Citus: bind_context() calls neither resolved_context_signature() nor
-- lookup_person_context(), reads the signing key itself, and a context it binds carries a valid
-- HMAC (context_signature_is_valid(), the check every client session's accessors make). With
-- Citus: nothing.
BEGIN;

DO $verify$
DECLARE
    body text := (SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'app_private.bind_context(uuid,uuid)'::regprocedure);
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    IF body ~ 'app_private\.resolved_context_signature\(|app_private\.lookup_person_context\('
       OR body NOT LIKE '%FROM app_private.context_signing_key k%' THEN
        RAISE EXCEPTION 'perf/bind_context_no_nested_calls: bind_context() still calls the nested definer functions';
    END IF;
    PERFORM app_private.bind_context('00000000-0000-4000-8000-0000000000aa', NULL);
    IF NOT app_private.context_signature_is_valid() THEN
        RAISE EXCEPTION 'perf/bind_context_no_nested_calls: a context bound by bind_context() has no valid HMAC';
    END IF;
END
$verify$;

ROLLBACK;
