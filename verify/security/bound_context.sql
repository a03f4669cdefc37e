-- Verify tenantdb:security/bound_context on pg
BEGIN;

SELECT 'app.set_context(uuid, uuid)'::regprocedure;
SELECT 1 / pg_catalog.has_function_privilege('tenantdb_app', 'app.set_context(uuid, uuid)', 'EXECUTE')::int;
-- A bound context reads back; the same values set by hand do not (checked as the app role).
SELECT app.set_context('11111111-1111-4111-8111-111111111111', NULL);
SET LOCAL ROLE tenantdb_app;
SELECT 1 / (app.current_tenant_id() = '11111111-1111-4111-8111-111111111111')::int;
SELECT 1 / (app.current_user_id() IS NULL)::int;
SELECT set_config('app.context_stamp', '1:2:3', true);
DO $$
BEGIN
    PERFORM app.current_tenant_id();
    RAISE EXCEPTION 'a stamp set by hand was accepted';
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;

ROLLBACK;
