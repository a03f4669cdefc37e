-- Verify tenantdb:citus/forward_before_lookup on pg
-- With Citus: bind_context() forwards the context before its lookup. Without Citus: unchanged.
BEGIN;

DO $verify$
DECLARE
    definition text := pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure);
    marked boolean := pg_catalog.strpos(definition, '-- citus/forward_before_lookup') > 0;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') <> marked THEN
        RAISE EXCEPTION 'citus/forward_before_lookup: bind_context() forwards before the lookup: %, citus installed: %',
            marked, NOT marked;
    END IF;
END
$verify$;

ROLLBACK;
