-- Verify tenantdb:citus/string_bodies on pg
-- With Citus: no SQL-standard body left in the product schemas, and every function rewritten is
-- saved for the revert. Without Citus: nothing was changed (no saved-functions table).
BEGIN;

DO $verify$
DECLARE
    left_over text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_replaced_functions') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/string_bodies changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(p.oid::regprocedure::text, ', ') INTO left_over
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname IN ('app', 'app_private', 'cache_private', 'archive') AND p.prosqlbody IS NOT NULL;
    IF left_over IS NOT NULL THEN
        RAISE EXCEPTION 'SQL-standard bodies left on Citus: %', left_over;
    END IF;
    PERFORM 1 / (SELECT count(*) FROM app_private.citus_replaced_functions)::int;
END
$verify$;

ROLLBACK;
