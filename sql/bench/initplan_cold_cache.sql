-- Why the bench's lookup table (client-side) reads 1.5-2.5x what sql/bench/initplan_cost.sql does
-- (issue 13, session 5; docs/benchmarks-analysis.md, "Session 5: the lookups"): the same lookup
-- InitPlans timed one statement at a time inside a PL/pgSQL loop, once back to back ("hot") and
-- once with a statement that sorts 20,000 integers before each timed one ("cold": the CPU caches
-- no longer hold the catalog and executor data the lookup's set-up touches, as after a client
-- round trip). Only the timed statement is counted (mean of the middle half of its times); µs over
-- the same statement with the InitPlan SELECT 1, min over 3 rounds. Run as a superuser against a seeded or bench database; the lookups
-- run as the app login after app.set_context(tenant, person), in a transaction that is rolled back:
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/<db>" -v tenant=<uuid> -v person=<uuid> -f sql/bench/initplan_cold_cache.sql
-- Optional: -v n=3000 (hot statements per round; cold runs n/10), -v app_login=tenantdb_app_harness.
\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?n}
\else
\set n 3000
\endif
\if :{?app_login}
\else
\set app_login tenantdb_app_harness
\endif
SELECT set_config('cold_cache.n', :'n', false), set_config('cold_cache.tenant', :'tenant', false),
       set_config('cold_cache.person', :'person', false) \gset
CREATE TEMP TABLE cold_cache (lookup text, cold boolean, us float8);
GRANT ALL ON cold_cache TO PUBLIC;
CREATE FUNCTION pg_temp.time_lookups(lookups text[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    n int := current_setting('cold_cache.n')::int;
    expr text;
    cold boolean;
    runs int;
BEGIN
    PERFORM app.set_context(current_setting('cold_cache.tenant')::uuid, current_setting('cold_cache.person')::uuid);
    FOR r IN 1..3 LOOP
        FOREACH cold IN ARRAY ARRAY[false, true] LOOP
            runs := CASE WHEN cold THEN n / 10 ELSE n END;
            FOREACH expr IN ARRAY lookups LOOP
                EXECUTE format($do$DO $l$
                    DECLARE t0 timestamptz; spent float8[] := '{}'; x bigint;
                    BEGIN
                        FOR i IN 1..%s LOOP
                            IF %s THEN
                                SELECT count(*) INTO x FROM (SELECT g FROM generate_series(1, 20000) g ORDER BY g DESC) s;
                            END IF;
                            t0 := clock_timestamp();
                            PERFORM 1 FROM (VALUES (1)) v(a) WHERE (%s) IS NOT NULL;
                            spent := spent || extract(epoch FROM clock_timestamp() - t0)::float8;
                        END LOOP;
                        -- mean of the middle half: robust to a neighbour's burst and to the 1 µs clock
                        PERFORM set_config('cold_cache.spent', (SELECT avg(t) FROM (SELECT t, ntile(4) OVER (ORDER BY t) q FROM unnest(spent) t) s WHERE q IN (2, 3))::text, true);
                    END $l$$do$, runs, cold::text, expr);
                INSERT INTO cold_cache VALUES (expr, cold, current_setting('cold_cache.spent')::float8 * 1e6);
            END LOOP;
        END LOOP;
    END LOOP;
END
$fn$;
GRANT EXECUTE ON FUNCTION pg_temp.time_lookups(text[]) TO PUBLIC;
BEGIN;
GRANT USAGE ON SCHEMA app_private TO :"app_login";
SET LOCAL SESSION AUTHORIZATION :"app_login";
SELECT pg_temp.time_lookups(ARRAY['(SELECT 1)', '(SELECT app.current_tenant_id())', '(SELECT app.current_user_id())',
    '(SELECT app_private.resolved_person_role())', '(SELECT app_private.resolved_learner_id())',
    '(SELECT app_private.resolved_course_ids())', '(SELECT app_private.resolved_workspace_ids(''viewer''))',
    '(SELECT app_private.resolved_visible_learner_ids())']) \g /dev/null
\unset QUIET
SELECT c.lookup,
       round((min(c.us) FILTER (WHERE NOT c.cold) - min(b.us) FILTER (WHERE NOT b.cold))::numeric, 1) AS hot_us,
       round((min(c.us) FILTER (WHERE c.cold) - min(b.us) FILTER (WHERE b.cold))::numeric, 1) AS cold_us
FROM cold_cache c
JOIN cold_cache b ON b.lookup = '(SELECT 1)' AND b.cold = c.cold
WHERE c.lookup <> '(SELECT 1)'
GROUP BY c.lookup ORDER BY min(c.ctid);
ROLLBACK;
