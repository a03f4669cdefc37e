-- Verify tenantdb:perf/write_guard_fast_path on pg
-- The guard takes its fast path through app.bound_tenant_id(), which returns the bound tenant and
-- NULL (never an error) without a context or with an edited stamp; a write without a context
-- still fails with the guard's own message. On Citus nothing changed.
BEGIN;

SELECT 1 / (pg_catalog.pg_get_functiondef('app_private.require_tenant_context()'::regprocedure) ~ 'app\.bound_tenant_id\(\)')::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

SET LOCAL ROLE tenantdb_app;
-- In a DO block: on Citus app.bound_tenant_id() does not exist, and a plain statement naming it
-- fails when it is parsed, whatever its WHERE says.
DO $bound$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    IF app.bound_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'app.bound_tenant_id() gave a tenant without a context';
    END IF;
    PERFORM app.set_context('11111111-1111-4111-8111-111111111111', NULL);
    IF app.bound_tenant_id() IS DISTINCT FROM '11111111-1111-4111-8111-111111111111' THEN
        RAISE EXCEPTION 'app.bound_tenant_id() did not give the bound tenant';
    END IF;
    PERFORM pg_catalog.set_config('app.context_stamp', 'x', true);
    IF app.bound_tenant_id() IS NOT NULL THEN
        RAISE EXCEPTION 'app.bound_tenant_id() gave a tenant for an edited stamp';
    END IF;
END
$bound$;
DO $check$
BEGIN
    -- On Citus the landed guard and the PL/pgSQL accessors stay; their message differs there.
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO app.users (tenant_id, email, display_name)
        VALUES ('11111111-1111-4111-8111-111111111111', 'verify@write-guard.example', 'X');
    EXCEPTION WHEN insufficient_privilege THEN
        IF SQLERRM = 'INSERT on app.users needs a tenant context' THEN
            RETURN;
        END IF;
        RAISE;
    END;
    RAISE EXCEPTION 'a write without a bound context passed the guard';
END
$check$;

ROLLBACK;
