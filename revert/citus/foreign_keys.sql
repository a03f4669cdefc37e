-- Revert tenantdb:citus/foreign_keys from pg
-- Re-creates every foreign key the deploy replaced exactly as it was (definition and comment,
-- saved in app_private.citus_replaced_foreign_keys), then drops that table. Without the citus
-- extension the deploy changed nothing and so does this.
-- As the deploying superuser: re-validating a key obeys RLS for the owner (FORCE).
BEGIN;

DO $citus$
DECLARE
    k record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    FOR k IN SELECT * FROM app_private.citus_replaced_foreign_keys ORDER BY table_name, constraint_name LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', k.table_name, k.constraint_name);
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.table_name, k.constraint_name, k.original_definition);
        IF k.constraint_comment IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', k.constraint_name, k.table_name, k.constraint_comment);
        END IF;
    END LOOP;
    DROP TABLE app_private.citus_replaced_foreign_keys;
END
$citus$;

COMMIT;
