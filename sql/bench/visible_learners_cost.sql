-- What an educator's visible learner ids cost per statement, today and in the two forms a
-- per-transaction cache could take (issue 13, docs/benchmarks-analysis.md "Session 4"). µs per
-- statement over a statement whose InitPlan is SELECT 1, min over 5 rounds (as
-- sql/bench/initplan_cost.sql: PL/pgSQL loop, cached plan, executor start + the InitPlan), as the
-- app login after app.set_context(tenant, educator):
--   * resolved_visible_learner_ids(): today's lookup (staff_visible_learner_ids(), a definer
--     query over the tenant's learner profiles);
--   * the same ids cast from text, as a setting filled once per transaction would hold them
--     (a GUC is text: every statement pays the cast);
--   * a text array of :big random uuids cast the same way (the largest tenant of the full bench
--     data has 9,226 learners);
--   * learner_id = ANY(<the ids>) as the policy applies it, on app.learning_sessions filtered by one
--     learner (the educator_student_sessions shape), with the ids from a text cast and with :big ids,
--     over the same query without it (run as the superuser: no policy, only the ANY is measured).
-- Run as a superuser against the bench database (read only: the transaction is rolled back):
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/tenantdb_bench_quick" -v tenant=<uuid> \
--        -v educator=<uuid> -v learner=<learner profile uuid> -f sql/bench/visible_learners_cost.sql
-- Optional: -v n=2000 (statements per round for the small lookups), -v big=9226.
\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?n}
\else
\set n 2000
\endif
\if :{?big}
\else
\set big 9226
\endif
SELECT set_config('visible_cost.tenant', :'tenant', false), set_config('visible_cost.educator', :'educator', false),
       set_config('visible_cost.learner', :'learner', false),
       set_config('visible_cost.big_ids', (SELECT array_agg(gen_random_uuid() ORDER BY 1)::text FROM generate_series(1, :big)), false) \gset
CREATE TEMP TABLE visible_cost (lookup text, round int, us float8);
GRANT ALL ON visible_cost TO PUBLIC;
CREATE FUNCTION pg_temp.time_lookups(lookups text[], n int) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    t0 timestamptz;
    expr text;
BEGIN
    PERFORM app.set_context(current_setting('visible_cost.tenant')::uuid, current_setting('visible_cost.educator')::uuid);
    -- What a per-transaction cache would hold: the ids today's lookup returns, as text.
    PERFORM set_config('visible_cost.ids', app_private.resolved_visible_learner_ids()::text, true);
    FOR r IN 1..5 LOOP
        FOREACH expr IN ARRAY lookups LOOP
            t0 := clock_timestamp();
            EXECUTE format('DO $l$ BEGIN FOR i IN 1..%s LOOP PERFORM 1 FROM (VALUES (1)) v(a) WHERE (%s) IS NOT NULL; END LOOP; END $l$',
                           n, expr);
            INSERT INTO visible_cost VALUES (expr, r, extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        END LOOP;
    END LOOP;
END
$fn$;
GRANT EXECUTE ON FUNCTION pg_temp.time_lookups(text[], int) TO PUBLIC;
BEGIN;
-- The policy shapes first, as the superuser (no RLS: only the ANY over the ids is measured).
SELECT pg_temp.time_lookups(ARRAY['(SELECT 1)',
    '(SELECT 1 FROM app.learning_sessions s WHERE s.learner_id = current_setting(''visible_cost.learner'')::uuid LIMIT 1)',
    '(SELECT 1 FROM app.learning_sessions s WHERE s.learner_id = current_setting(''visible_cost.learner'')::uuid AND s.learner_id = ANY ((SELECT current_setting(''visible_cost.ids'')::uuid[])::uuid[]) LIMIT 1)',
    '(SELECT 1 FROM app.learning_sessions s WHERE s.learner_id = current_setting(''visible_cost.learner'')::uuid AND s.learner_id = ANY ((SELECT current_setting(''visible_cost.big_ids'')::uuid[] || current_setting(''visible_cost.learner'')::uuid)::uuid[]) LIMIT 1)'],
    greatest(:n / 10, 20)) \g /dev/null
-- The lookups as the app login (a policy of a tenantdb_app session runs them so).
GRANT USAGE ON SCHEMA app_private TO tenantdb_app_harness;
SET LOCAL SESSION AUTHORIZATION tenantdb_app_harness;
SELECT pg_temp.time_lookups(ARRAY['(SELECT 1)',
    '(SELECT app_private.resolved_visible_learner_ids())',
    '(SELECT current_setting(''visible_cost.ids'')::uuid[])'],
    :n) \g /dev/null
SELECT pg_temp.time_lookups(ARRAY['(SELECT 1)',
    '(SELECT current_setting(''visible_cost.big_ids'')::uuid[])'],
    greatest(:n / 50, 20)) \g /dev/null
\unset QUIET
SELECT c.lookup, round((min(c.us) - b.base)::numeric, 1) AS us_over_select_1
FROM visible_cost c
CROSS JOIN (SELECT min(us) AS base FROM visible_cost WHERE lookup = '(SELECT 1)') b
WHERE c.lookup <> '(SELECT 1)'
GROUP BY c.lookup, b.base ORDER BY min(c.ctid);
ROLLBACK;
