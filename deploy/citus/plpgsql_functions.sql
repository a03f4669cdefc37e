-- Deploy tenantdb:citus/plpgsql_functions to pg
-- On a Citus cluster only: six SQL functions that read or write distributed tables with their
-- parameters become PL/pgSQL with the same body, arguments, result, volatility, owner, grants,
-- comment and settings. Citus refused every call of them: 0A000 "could not create distributed
-- plan. Possibly this is caused by the use of parameters in SQL functions, which is not
-- supported in Citus. HINT: Consider using PL/pgSQL functions instead." (measured by
-- `tenantdb prove` on the distributed database: 17 failures, all of them these functions; the
-- refusal fails closed, but sharing a conversation, reading a shared one, consuming a reset
-- token, deleting expired sessions and the prerequisite graph did not work on Citus).
-- The body is kept, with two values Citus must see as constants read once into variables:
-- app.current_tenant_id() (Citus plans a recursive CTE only with a constant filter on the
-- distribution column) and now() (the transaction's start either way; Citus refuses it inside a
-- CASE of an UPDATE). A set-returning function becomes RETURN QUERY <body>; a scalar one
-- returns the first row of <body> (a FOR loop, which runs a data-modifying body to completion
-- first) or NULL, as an SQL function does. A function that reads the context now raises 42501
-- without one when called rather than when its query reaches the accessor: the same error. #variable_conflict use_column keeps every name in the
-- body meaning the column it meant (PL/pgSQL makes RETURNS TABLE columns variables). Each
-- function is saved first in app_private.citus_plpgsql_functions for the revert. Without the
-- citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    functions CONSTANT text[] := ARRAY['app.delete_expired_sessions(integer)', 'app.share_conversation(uuid)',
                                      'app.consume_auth_token(text,text)', 'app.concept_prerequisites_of(uuid)',
                                      'app.read_shared_conversation(text)', 'app_private.shared_conversation_messages(text)'];
    fn text;
    original text;
    body text;
    returns_set boolean;
    result_type text;
    replacement text;
    declarations text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/plpgsql_functions: no citus extension here, nothing to change';
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    CREATE TABLE app_private.citus_plpgsql_functions (
        function_name text PRIMARY KEY,
        original_definition text NOT NULL
    );
    COMMENT ON TABLE app_private.citus_plpgsql_functions IS
        'Citus only (citus/plpgsql_functions): the SQL functions re-created as PL/pgSQL (Citus cannot plan SQL functions that use their parameters on distributed tables), with their definition before, so that the revert re-creates them exactly. Owner only.';
    COMMENT ON COLUMN app_private.citus_plpgsql_functions.function_name IS 'The function as regprocedure text.';
    COMMENT ON COLUMN app_private.citus_plpgsql_functions.original_definition IS 'pg_get_functiondef() of the function before the change (a CREATE OR REPLACE FUNCTION statement).';

    FOREACH fn IN ARRAY functions LOOP
        SELECT pg_catalog.pg_get_functiondef(p.oid), p.proretset, p.prorettype::regtype::text, p.prosrc
          INTO original, returns_set, result_type, body
          FROM pg_catalog.pg_proc p WHERE p.oid = fn::regprocedure;
        IF original !~ E'\n LANGUAGE sql\n' OR original !~ E'\nAS \\$function\\$' THEN
            RAISE EXCEPTION 'citus/plpgsql_functions: % is not a string-bodied SQL function (citus/string_bodies first)', fn;
        END IF;
        INSERT INTO app_private.citus_plpgsql_functions (function_name, original_definition) VALUES (fn::regprocedure::text, original);
        body := pg_catalog.rtrim(pg_catalog.btrim(body, E' \n'), ';');
        -- values Citus must see as constants: the context tenant (a recursive CTE is planned only
        -- with a constant distribution-column filter) and now() (refused inside CASE in an UPDATE)
        declarations := '';
        IF pg_catalog.strpos(body, 'app.current_tenant_id()') > 0 THEN
            declarations := declarations || E'\n    context_tenant uuid := app.current_tenant_id();';
            body := pg_catalog.replace(body, 'app.current_tenant_id()', 'context_tenant');
        END IF;
        IF body ~ '\mnow\(\)' THEN
            declarations := declarations || E'\n    transaction_now timestamp with time zone := now();';
            body := pg_catalog.regexp_replace(body, '\mnow\(\)', 'transaction_now', 'g');
        END IF;
        IF returns_set THEN
            body := E'\n#variable_conflict use_column\n' || CASE WHEN declarations <> '' THEN 'DECLARE' || declarations || E'\n' ELSE '' END
                    || E'BEGIN\n    RETURN QUERY' || E'\n' || body || E';\nEND\n';
        ELSE
            body := E'\n#variable_conflict use_column\nDECLARE\n    result ' || result_type || ';' || declarations
                    || E'\nBEGIN\n    FOR result IN' || E'\n' || body || E'\n    LOOP\n        RETURN result;\n    END LOOP;\n    RETURN NULL;\nEND\n';
        END IF;
        replacement := pg_catalog.regexp_replace(original, E'\n LANGUAGE sql\n', E'\n LANGUAGE plpgsql\n');
        replacement := pg_catalog.substr(replacement, 1, pg_catalog.strpos(replacement, E'\nAS $function$') - 1)
                       || E'\nAS $plpgsql_body$' || body || E'$plpgsql_body$\n';
        EXECUTE replacement;
    END LOOP;
END
$citus$;

COMMIT;
