-- Verify tenantdb:citus/foreign_keys on pg
-- With Citus: no foreign key of the product schemas has an action Citus refuses, and every key
-- replaced is saved for the revert. Without Citus: nothing was changed (no saved-keys table).
BEGIN;

DO $verify$
DECLARE
    left_over text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_replaced_foreign_keys') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/foreign_keys changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(c.conrelid::regclass::text || ' ' || c.conname, ', ') INTO left_over
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
     WHERE c.contype = 'f' AND n.nspname IN ('app', 'app_private', 'cache_private', 'archive')
       AND (c.confupdtype = 'c' OR c.confdelsetcols IS NOT NULL);
    IF left_over IS NOT NULL THEN
        RAISE EXCEPTION 'foreign key actions Citus refuses left: %', left_over;
    END IF;
    PERFORM 1 / (SELECT count(*) FROM app_private.citus_replaced_foreign_keys)::int;
END
$verify$;

ROLLBACK;
