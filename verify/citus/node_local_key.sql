-- Verify tenantdb:citus/node_local_key on pg
-- With Citus: the node's copy holds the key and no reader names the reference table any more;
-- without Citus: nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.context_signing_key_on_node') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/node_local_key changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    PERFORM 1 / (SELECT count(*) FROM app_private.context_signing_key_on_node n
                   JOIN app_private.context_signing_key k USING (inner_pad, outer_pad))::int;
    PERFORM 1 / (NOT EXISTS (SELECT FROM app_private.citus_key_readers r
                              WHERE pg_catalog.strpos(pg_catalog.pg_get_functiondef(r.function_name::pg_catalog.regprocedure),
                                                      'app_private.context_signing_key ') > 0))::int;
END
$verify$;

ROLLBACK;
