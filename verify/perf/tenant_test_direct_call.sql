-- Verify tenantdb:perf/tenant_test_direct_call on pg
-- Where app.current_tenant_id() is one call of the tenantdb_context library (plain PostgreSQL):
-- no policy of a plain table tests the tenant through a sub-select, and every tenant table's
-- tenant_isolation is `tenant_id = app.current_tenant_id()` in USING and WITH CHECK (partitioned
-- tables keep the sub-select). Elsewhere (Citus, no library) nothing is checked here.
BEGIN;

DO $verify$
DECLARE
    sub_select constant text := '( SELECT app.current_tenant_id() AS current_tenant_id)';
    expected constant text := '(tenant_id = app.current_tenant_id())';
    offender text;
BEGIN
    SET LOCAL search_path = pg_catalog, pg_temp;
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR pg_catalog.pg_get_functiondef('app.current_tenant_id()'::pg_catalog.regprocedure)
          NOT LIKE '%tenantdb_context.remembered_uuid(%' THEN
        RETURN;
    END IF;
    SELECT pg_catalog.format('%s on %s', p.polname, p.polrelid::regclass) INTO offender
    FROM pg_catalog.pg_policy p
    JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind = 'r' AND NOT c.relispartition
      AND (pg_catalog.strpos(pg_catalog.pg_get_expr(p.polqual, p.polrelid), sub_select) > 0
           OR pg_catalog.strpos(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), sub_select) > 0
           OR (p.polname = 'tenant_isolation'
               AND (pg_catalog.pg_get_expr(p.polqual, p.polrelid) IS DISTINCT FROM expected
                    OR pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) IS DISTINCT FROM expected)))
    LIMIT 1;
    IF offender IS NOT NULL THEN
        RAISE EXCEPTION 'perf/tenant_test_direct_call: policy % still tests the tenant through a sub-select', offender;
    END IF;
END
$verify$;

ROLLBACK;
