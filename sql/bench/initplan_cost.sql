-- What one context lookup costs as a policy InitPlan (issue 13, perf/accessor_fast_path): µs per
-- statement over a statement whose InitPlan is SELECT 1; min over 5 rounds of :n statements in
-- one transaction (PL/pgSQL loop, cached plan, so the figure is executor start + the InitPlan,
-- what a prepared statement under RLS pays per lookup). Run as a superuser against a seeded or
-- bench database; every lookup runs as the app login (SET SESSION AUTHORIZATION) after
-- app.set_context(tenant, person), as a policy of a tenantdb_app session runs it.
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/<db>" -v tenant=<uuid> -v person=<uuid> -f sql/bench/initplan_cost.sql
-- Optional: -v n=20000 (statements per round), -v app_login=tenantdb_app_harness.
-- The last row, "HMAC path: (SELECT app.current_tenant_id())", is the tenant check of a session
-- that is not trusted (tenantdb_client logins): the superuser session with SET LOCAL ROLE
-- tenantdb_app, whose session user is a member of tenantdb_client, so the stamp's HMAC is
-- checked on every call (issue 13, session 5).
\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?n}
\else
\set n 20000
\endif
\if :{?app_login}
\else
\set app_login tenantdb_app_harness
\endif
SELECT set_config('initplan_cost.n', :'n', false), set_config('initplan_cost.tenant', :'tenant', false),
       set_config('initplan_cost.person', :'person', false) \gset
CREATE TEMP TABLE initplan_cost (lookup text, round int, us float8);
GRANT ALL ON initplan_cost TO PUBLIC;
CREATE FUNCTION pg_temp.time_lookups(lookups text[], label text DEFAULT '') RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    n int := current_setting('initplan_cost.n')::int;
    t0 timestamptz;
    expr text;
BEGIN
    PERFORM app.set_context(current_setting('initplan_cost.tenant')::uuid, current_setting('initplan_cost.person')::uuid);
    FOR r IN 1..5 LOOP
        FOREACH expr IN ARRAY lookups LOOP
            t0 := clock_timestamp();
            EXECUTE format('DO $l$ BEGIN FOR i IN 1..%s LOOP PERFORM 1 FROM (VALUES (1)) v(a) WHERE (%s) IS NOT NULL; END LOOP; END $l$',
                           n, expr);
            INSERT INTO initplan_cost VALUES (label || expr, r, extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        END LOOP;
    END LOOP;
END
$fn$;
GRANT EXECUTE ON FUNCTION pg_temp.time_lookups(text[], text) TO PUBLIC;
-- One transaction, rolled back: the app login may name app_private only inside it (policies
-- call the lookups by oid and need no USAGE; a loop that names them does).
BEGIN;
GRANT USAGE ON SCHEMA app_private TO :"app_login";
SET LOCAL SESSION AUTHORIZATION :"app_login";
SELECT pg_temp.time_lookups(ARRAY['(SELECT 1)', '(SELECT app.current_tenant_id())', '(SELECT app.current_user_id())',
    '(SELECT app_private.resolved_person_role())', '(SELECT app_private.resolved_learner_id())',
    '(SELECT app_private.resolved_course_ids())', '(SELECT app_private.resolved_workspace_ids(''viewer''))',
    '(SELECT app_private.resolved_visible_learner_ids())']) \g /dev/null
RESET SESSION AUTHORIZATION;
SET LOCAL ROLE tenantdb_app;
SELECT pg_temp.time_lookups(ARRAY['(SELECT app.current_tenant_id())'], 'HMAC path: ') \g /dev/null
RESET ROLE;
\unset QUIET
SELECT c.lookup, round((min(c.us) - b.base)::numeric, 1) AS us_over_select_1
FROM initplan_cost c
CROSS JOIN (SELECT min(us) AS base FROM initplan_cost WHERE lookup = '(SELECT 1)') b
WHERE c.lookup <> '(SELECT 1)'
GROUP BY c.lookup, b.base ORDER BY min(c.ctid);
ROLLBACK;
