-- Revert tenantdb:perf/client_hmac_check from pg
-- Back to perf/resolved_context's app_private.context_signature_is_valid() (definition and comment
-- as landed); on Citus the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE $create$
    CREATE OR REPLACE FUNCTION app_private.context_signature_is_valid()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    BEGIN ATOMIC
        -- Compared as SHA-256 of both hex strings: the comparison's timing says nothing useful.
        SELECT coalesce(
                   pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.right(s.stamp, 64), 'UTF8'))
                 = pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.encode(
                       pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad || pg_catalog.convert_to(
                           'tenantdb-context-v2|' || s.tenant || '|' || s.person || '|' || pg_catalog.left(s.stamp, -65), 'UTF8'))),
                       'hex'), 'UTF8')),
                   false)
        FROM app_private.context_signing_key k
        CROSS JOIN (SELECT pg_catalog.current_setting('app.tenant_id', true) AS tenant,
                           pg_catalog.current_setting('app.user_id', true) AS person,
                           pg_catalog.current_setting('app.context_stamp', true) AS stamp) s;
    END
    $create$;
    COMMENT ON FUNCTION app_private.context_signature_is_valid() IS
        'True when app.context_stamp carries the right HMAC (version 2) for the current app.tenant_id, app.user_id, its binding and the resolved role, learner, course and workspace ids it carries, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. Compares hashes of both values (timing reveals nothing useful). Definer (reads the key).';
END
$revert$;

COMMIT;
