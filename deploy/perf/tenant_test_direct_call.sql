-- Deploy tenantdb:perf/tenant_test_direct_call to pg
-- Issue 13 (session 14): on every plain (not partitioned) table, the policies' tenant test calls
-- app.current_tenant_id() directly (`tenant_id = app.current_tenant_id()`) instead of through a
-- sub-select (`tenant_id = (SELECT app.current_tenant_id())`): the restrictive tenant_isolation
-- (USING and WITH CHECK) of every tenant table (app, app_private, archive), the service role's
-- *_all_service policies, and app.tenants' `id = ...`.
--
-- Why. Where perf/context_cache made app.current_tenant_id() one call of the tenantdb_context
-- library (tenantdb_context.remembered_uuid('tenant_id', ...)), the sub-select costs more than the
-- call it wraps:
-- 1. Each sub-select is an InitPlan: a Result node, its expression context and projection, set up
--    at every executor start whether it runs or not (~1-2 us each, scripts/profile_workload.py).
--    Every table a statement reads had one for its tenant test.
-- 2. A join on tenant_id (the composite keys make every join one) put two InitPlan parameters in
--    one equivalence class, and PostgreSQL then compares them: for the inner side of a LEFT JOIN,
--    a gating Result (One-Time Filter: InitPlan 4 = InitPlan 1) that projects every inner row. An
--    educator's course dashboard (courses LEFT JOIN enrollments) in the largest bench tenant paid
--    ~0.6 ms for it in 18,452 rows. The same call written twice is one expression: the planner
--    keeps one member, one index condition per table, no comparison.
-- As an index condition (every index of a tenant table leads with tenant_id: lint
-- tenant_index_not_tenant_led) the call is evaluated once per scan (per rescan on the inner side
-- of a nested loop), ~30 ns each. Where a plan filters rows by it instead (a sequential scan, the
-- recheck of a lossy bitmap: every row a GIN index returns), it is evaluated per row: ~30-50 ns,
-- against ~60 ns per row of a sequential scan itself. The planner also calls it (a STABLE call
-- with constant arguments) to estimate the tenant test: a statement is priced for the caller's own
-- tenant, no longer for the average one (docs/benchmarks-analysis.md, "Session 14"). The
-- function is PARALLEL RESTRICTED (it reads the backend's remembered context), so a scan filtered
-- by it is not run in parallel workers; a tenant's scans are index scans at the bench's sizes,
-- parallel or not (docs/security.md, "The tenant test as a direct call").
--
-- Partitioned tables (app.messages, app.interactions, app.audit_log) and their partitions keep the
-- sub-select: a partitioned table's policy is expanded into every partition the statement scans,
-- and a direct call is then set up once per partition (15 in the bench) where the InitPlan is set
-- up once (measured: conversation_last_50_messages 14 -> 24 us over the floor, server-side).
--
-- Who sees what does not change: the same function, compared with the same column; a statement
-- without a context fails with 42501 (raised by the call, which the planner makes to estimate the
-- tenant test, where the InitPlan raised it when first read). A context changed in the middle
-- of a statement (a call of app.set_context() inside it) is read by the scans that start after
-- it, where the InitPlan kept the first value; each value is one the session bound itself, with
-- the checks set_context() and set_token() make, so a statement reaches no row that two
-- statements could not.
-- No-op on Citus (citus/policies owns the policy texts) and where app.current_tenant_id() is not
-- the library's call (no extension, or a deployer that is not a superuser: its SQL body would run
-- per row).
BEGIN;

SET LOCAL ROLE tenantdb_owner;
SET LOCAL search_path = pg_catalog, pg_temp;

DO $deploy$
DECLARE
    sub_select constant text := '( SELECT app.current_tenant_id() AS current_tenant_id)';
    direct_call constant text := 'app.current_tenant_id()';
    policy record;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/tenant_test_direct_call: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    IF pg_catalog.pg_get_functiondef('app.current_tenant_id()'::pg_catalog.regprocedure)
       NOT LIKE '%tenantdb_context.remembered_uuid(%' THEN
        RAISE NOTICE 'perf/tenant_test_direct_call: app.current_tenant_id() is not one call of the tenantdb_context library here (perf/context_cache did nothing); the tenant tests stay sub-selects';
        RETURN;
    END IF;
    FOR policy IN
        SELECT p.polname, p.polrelid::regclass AS relation,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expression,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression
        FROM pg_catalog.pg_policy p
        JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind = 'r' AND NOT c.relispartition
          AND (pg_catalog.strpos(pg_catalog.pg_get_expr(p.polqual, p.polrelid), sub_select) > 0
               OR pg_catalog.strpos(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), sub_select) > 0)
        ORDER BY 2::text, 1
    LOOP
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s', policy.polname, policy.relation)
             || CASE WHEN policy.using_expression IS NOT NULL
                     THEN pg_catalog.format(' USING (%s)', pg_catalog.replace(policy.using_expression, sub_select, direct_call)) ELSE '' END
             || CASE WHEN policy.check_expression IS NOT NULL
                     THEN pg_catalog.format(' WITH CHECK (%s)', pg_catalog.replace(policy.check_expression, sub_select, direct_call)) ELSE '' END;
        IF policy.polname = 'tenant_isolation' THEN
            EXECUTE pg_catalog.format('COMMENT ON POLICY tenant_isolation ON %s IS %L', policy.relation,
                'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id). '
                'app.current_tenant_id() is called directly: an index condition evaluated once per scan, one expression for every '
                'table of a join on tenant_id (perf/tenant_test_direct_call).');
        END IF;
    END LOOP;
END
$deploy$;

COMMIT;
