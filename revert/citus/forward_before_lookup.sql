-- Revert tenantdb:citus/forward_before_lookup from pg
-- Removes exactly the line the deploy added to app_private.bind_context(); without the citus
-- extension nothing to do.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.replace(pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure),
                               E'\n        PERFORM app_private.forward_context_to_workers();  -- citus/forward_before_lookup', '');
END
$citus$;

COMMIT;
