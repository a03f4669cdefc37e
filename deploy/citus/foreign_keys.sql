-- Deploy tenantdb:citus/foreign_keys to pg
-- On a Citus cluster only (the citus extension is installed): the foreign keys of the product
-- schemas whose actions stock Citus refuses on distributed tables are re-created without those
-- actions. Citus refuses ON UPDATE CASCADE and the column-list form ON DELETE SET NULL (cols)
-- ("cannot create foreign key constraint ... SET NULL or SET DEFAULT is not supported" / "ON
-- UPDATE CASCADE is not supported"), and a whole-key SET NULL would null tenant_id (NOT NULL). So:
--   * ON UPDATE CASCADE becomes NO ACTION: ids never change; changing a parent's other key column
--     (a document's course, a workflow's or artifact's workspace, a conversation's owner) is
--     refused while child rows exist, instead of carried to them (fail closed);
--   * ON DELETE SET NULL (cols) becomes NO ACTION: deleting a parent that children still name (a
--     person who created artifacts, a workspace with conversations, a concept with struggle events,
--     ...) is refused instead of clearing the children's reference; the children must be cleared
--     first, in the same transaction (docs/scale-out.md, "Foreign keys on Citus").
-- Every other part of each key (columns, referenced key, ON DELETE CASCADE, deferrability) is kept.
-- Each key is saved first in app_private.citus_replaced_foreign_keys, from which the revert
-- re-creates it exactly (name, definition, comment). Keys of partitions are the parent's: only
-- keys without a parent constraint are touched. Without the citus extension this change does nothing.
-- The validation query of a re-added key obeys RLS for the owner (FORCE ROW LEVEL SECURITY) and
-- finds no tenant context, so the keys are re-created as the deploying superuser (as
-- conversations/workspace does); the saved-keys table is given to the owner.
BEGIN;

DO $citus$
DECLARE
    product_schemas CONSTANT text[] := ARRAY['app', 'app_private', 'cache_private', 'archive'];
    k record;
    replacement text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/foreign_keys: no citus extension here, nothing to change';
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);

    CREATE TABLE app_private.citus_replaced_foreign_keys (
        table_name text NOT NULL,
        constraint_name name NOT NULL,
        original_definition text NOT NULL,
        constraint_comment text,
        PRIMARY KEY (table_name, constraint_name)
    );
    ALTER TABLE app_private.citus_replaced_foreign_keys OWNER TO tenantdb_owner;
    COMMENT ON TABLE app_private.citus_replaced_foreign_keys IS
        'Citus only (citus/foreign_keys): every foreign key re-created without ON UPDATE CASCADE or ON DELETE SET NULL (cols), which stock Citus refuses, with its definition before, so that the revert re-creates it exactly. Owner only.';
    COMMENT ON COLUMN app_private.citus_replaced_foreign_keys.table_name IS 'Schema-qualified referencing table, as regclass text with an empty search_path.';
    COMMENT ON COLUMN app_private.citus_replaced_foreign_keys.constraint_name IS 'Name of the foreign key constraint (kept by the change).';
    COMMENT ON COLUMN app_private.citus_replaced_foreign_keys.original_definition IS 'pg_get_constraintdef() of the key before the change.';
    COMMENT ON COLUMN app_private.citus_replaced_foreign_keys.constraint_comment IS 'COMMENT ON CONSTRAINT before the change (NULL: none).';

    FOR k IN SELECT c.oid, c.conname, c.conrelid::regclass::text AS table_name,
                    pg_catalog.pg_get_constraintdef(c.oid) AS definition,
                    pg_catalog.obj_description(c.oid, 'pg_constraint') AS constraint_comment
               FROM pg_catalog.pg_constraint c
               JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
               JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
              WHERE c.contype = 'f' AND c.conparentid = 0 AND n.nspname = ANY (product_schemas)
                AND (c.confupdtype = 'c' OR c.confdelsetcols IS NOT NULL)
              ORDER BY 3, 2 LOOP
        INSERT INTO app_private.citus_replaced_foreign_keys (table_name, constraint_name, original_definition, constraint_comment)
        VALUES (k.table_name, k.conname, k.definition, k.constraint_comment);
        replacement := pg_catalog.regexp_replace(k.definition, ' ON UPDATE CASCADE', '');
        replacement := pg_catalog.regexp_replace(replacement, ' ON DELETE SET NULL \([^)]*\)', '');
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', k.table_name, k.conname);
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.table_name, k.conname, replacement);
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', k.conname, k.table_name,
                                  coalesce(k.constraint_comment || ' ', '')
                                  || 'On Citus (citus/foreign_keys): without ON UPDATE CASCADE / ON DELETE SET NULL (cols), which Citus refuses; such changes are refused while children exist.');
    END LOOP;
END
$citus$;

COMMIT;
