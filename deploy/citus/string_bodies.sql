-- Deploy tenantdb:citus/string_bodies to pg
-- On a Citus cluster only (the citus extension is installed): every function of the product
-- schemas written with an SQL-standard body (BEGIN ATOMIC ... END, or RETURN expr) is re-created
-- with the same body as a string (LANGUAGE sql AS $$ ... $$). Stock Citus cannot propagate
-- SQL-standard bodies whose dependencies it tracks: distributing a table whose policies or
-- triggers reach such a function fails with "Citus can not handle circular dependencies between
-- distributed objects" or "has dependency to ... that is not in Citus' metadata"
-- (docs/scale-out.md). The body is deparsed with an empty search_path, so every name in it is
-- schema-qualified and the string body resolves exactly the objects the SQL-standard one bound;
-- SECURITY DEFINER functions keep their fixed search_path.
-- A string body (like every PL/pgSQL body, e.g. citus/plpgsql_accessors) resolves its names at
-- run time as the caller, and clients have no USAGE on app_private: the functions clients reach
-- whose bodies name app_private become SECURITY DEFINER in citus/definer_entry_points (granting
-- USAGE instead would let clients call every app_private function they may EXECUTE, e.g.
-- app_private.apply_tenant_limits(<another tenant>); measured: 22 such functions in the proof).
-- Every function replaced is saved first, as pg_get_functiondef() printed it, in
-- app_private.citus_replaced_functions, from which the revert re-creates it exactly. Without the
-- citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    product_schemas CONSTANT text[] := ARRAY['app', 'app_private', 'cache_private', 'archive'];
    f record;
    original text;
    replacement text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/string_bodies: no citus extension here, nothing to change';
        RETURN;
    END IF;
    -- fully qualified deparse: the string bodies must not depend on any search_path
    PERFORM pg_catalog.set_config('search_path', '', true);

    CREATE TABLE app_private.citus_replaced_functions (
        function_name text PRIMARY KEY,
        original_definition text NOT NULL
    );
    COMMENT ON TABLE app_private.citus_replaced_functions IS
        'Citus only (citus/string_bodies): every function whose SQL-standard body was re-created as a string body, with its definition before, so that the revert re-creates it exactly. Owner only.';
    COMMENT ON COLUMN app_private.citus_replaced_functions.function_name IS 'The function as regprocedure text (schema-qualified name and argument types).';
    COMMENT ON COLUMN app_private.citus_replaced_functions.original_definition IS 'pg_get_functiondef() of the function before the change, deparsed with an empty search_path (a CREATE OR REPLACE FUNCTION statement).';

    FOR f IN SELECT p.oid, p.oid::regprocedure::text AS function_name
               FROM pg_catalog.pg_proc p
               JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = ANY (product_schemas) AND p.prosqlbody IS NOT NULL
              ORDER BY p.oid LOOP
        original := pg_catalog.pg_get_functiondef(f.oid);
        INSERT INTO app_private.citus_replaced_functions (function_name, original_definition)
        VALUES (f.function_name, original);
        IF original ~ E'\nRETURN ' THEN
            replacement := pg_catalog.regexp_replace(original, E'\nRETURN (.*)$', E'\nAS $string_body$ SELECT \\1 $string_body$');
        ELSE
            replacement := pg_catalog.regexp_replace(
                pg_catalog.regexp_replace(original, E'\nBEGIN ATOMIC\n', E'\nAS $string_body$\n'),
                E'\nEND\\s*$', E'\n$string_body$');
        END IF;
        IF replacement = original OR replacement !~ '\$string_body\$' THEN
            RAISE EXCEPTION 'citus/string_bodies: cannot rewrite the body of %', f.function_name;
        END IF;
        EXECUTE replacement;
    END LOOP;

END
$citus$;

COMMIT;
