-- Revert tenantdb:perf/tenant_test_direct_call from pg
-- Back to the sub-select on every plain table: each direct call of app.current_tenant_id() in a
-- policy becomes (SELECT app.current_tenant_id()) again (a sub-select already there stays as it
-- is), and tenant_isolation gets back the comment core/table_guards gave it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;
SET LOCAL search_path = pg_catalog, pg_temp;

DO $revert$
DECLARE
    sub_select constant text := '( SELECT app.current_tenant_id() AS current_tenant_id)';
    direct_call constant text := 'app.current_tenant_id()';
    kept constant text := pg_catalog.chr(1);  -- stands for a sub-select while the direct calls are replaced
    policy record;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR policy IN
        SELECT p.polname, p.polrelid::regclass AS relation,
               pg_catalog.replace(pg_catalog.pg_get_expr(p.polqual, p.polrelid), sub_select, kept) AS using_expression,
               pg_catalog.replace(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), sub_select, kept) AS check_expression
        FROM pg_catalog.pg_policy p
        JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind = 'r' AND NOT c.relispartition
        ORDER BY 2::text, 1
    LOOP
        CONTINUE WHEN pg_catalog.strpos(pg_catalog.concat(policy.using_expression, policy.check_expression), direct_call) = 0;
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s', policy.polname, policy.relation)
             || CASE WHEN policy.using_expression IS NOT NULL
                     THEN pg_catalog.format(' USING (%s)', pg_catalog.replace(pg_catalog.replace(policy.using_expression, direct_call, sub_select), kept, sub_select)) ELSE '' END
             || CASE WHEN policy.check_expression IS NOT NULL
                     THEN pg_catalog.format(' WITH CHECK (%s)', pg_catalog.replace(pg_catalog.replace(policy.check_expression, direct_call, sub_select), kept, sub_select)) ELSE '' END;
        IF policy.polname = 'tenant_isolation' THEN
            EXECUTE pg_catalog.format('COMMENT ON POLICY tenant_isolation ON %s IS %L', policy.relation,
                'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).');
        END IF;
    END LOOP;
END
$revert$;

COMMIT;
