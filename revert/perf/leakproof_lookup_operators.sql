-- Revert tenantdb:perf/leakproof_lookup_operators from pg
-- citext_eq and jsonb_contains back to NOT LEAKPROOF, as their extension and PostgreSQL define them.
BEGIN;

DO $revert$
DECLARE
    citext_schema name := (SELECT e.extnamespace::regnamespace::name FROM pg_catalog.pg_extension e WHERE e.extname = 'citext');
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.format('ALTER FUNCTION %1$I.citext_eq(%1$I.citext, %1$I.citext) NOT LEAKPROOF', citext_schema);
    ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) NOT LEAKPROOF;
END
$revert$;

COMMIT;
