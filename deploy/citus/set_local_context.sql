-- Deploy tenantdb:citus/set_local_context to pg
-- On a Citus cluster only: app_private.bind_context() (behind app.set_context() and
-- app.set_token()) ends by re-issuing the three context settings with SET LOCAL, through
-- app_private.forward_context_to_workers(). Citus never forwards set_config() to the workers,
-- but it forwards a SET LOCAL (citus.propagate_set_commands = 'local', set on every node), also
-- one run by a function, to the worker connections the transaction has open and opens later
-- (measured, docs/scale-out.md "Context on Citus"). So on Citus the contract stays
-- SELECT app.set_context(...), with no client-side propagate_context call. The line is added to
-- the function's own text (generated from pg_get_functiondef at deploy time) so that whatever
-- bind_context() is deployed keeps its body; the revert removes exactly that line. Without the
-- citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    definition text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/set_local_context: no citus extension here, nothing to change';
        RETURN;
    END IF;
    CREATE FUNCTION app_private.forward_context_to_workers()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $function$
    BEGIN
        -- SET LOCAL, not set_config(): Citus forwards only SET LOCAL to the workers
        EXECUTE pg_catalog.format('SET LOCAL app.tenant_id = %L', pg_catalog.current_setting('app.tenant_id', true));
        EXECUTE pg_catalog.format('SET LOCAL app.user_id = %L', pg_catalog.current_setting('app.user_id', true));
        EXECUTE pg_catalog.format('SET LOCAL app.context_stamp = %L', pg_catalog.current_setting('app.context_stamp', true));
    END
    $function$;
    REVOKE ALL ON FUNCTION app_private.forward_context_to_workers() FROM PUBLIC;
    COMMENT ON FUNCTION app_private.forward_context_to_workers() IS
        'Citus only (citus/set_local_context): re-issues app.tenant_id, app.user_id and app.context_stamp with SET LOCAL, which Citus forwards to every worker of the transaction (set_config() is never forwarded). Called at the end of app_private.bind_context(); changes no value.';

    definition := pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure);
    IF definition !~ E'\nEND\\s*\n\\$function\\$\\s*$' THEN
        RAISE EXCEPTION 'citus/set_local_context: app_private.bind_context() does not end as expected; write its Citus form by hand';
    END IF;
    EXECUTE pg_catalog.regexp_replace(definition, E'\nEND(\\s*\n\\$function\\$\\s*)$',
                                      E'\n    PERFORM app_private.forward_context_to_workers();  -- citus/set_local_context\nEND\\1');
END
$citus$;

COMMIT;
