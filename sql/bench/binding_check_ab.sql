-- An exact A/B/C of app_private.context_is_current(), the binding check every context lookup
-- inlines (issue 13, session 5; docs/benchmarks-analysis.md, "Session 5: the lookups"): the landed
-- body (A), one without NULLIF (B, withdrawn), and B with the binding text built by one concat_ws()
-- (C, not landed) alternate every round in one session and one transaction, which is rolled back,
-- so all are timed under the same load. -v cold=1 evicts the CPU caches before each timed
-- statement (a sort of 20,000 integers, as sql/bench/initplan_cold_cache.sql), which is what a
-- statement arriving after a client round trip sees; then each figure is the mean of the middle
-- half of the per-statement times. Each lookup runs as a policy's InitPlan (PL/pgSQL loop of :n
-- statements, as sql/bench/initplan_cost.sql), as the app login ("app") and on the HMAC path of
-- tenantdb_client sessions ("hmac": the superuser session with SET LOCAL ROLE tenantdb_app).
-- µs over an InitPlan of SELECT 1, min and median over :rounds rounds. Run as a superuser against
-- a seeded or bench database (never one in use: the DDL takes locks until the rollback):
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/<db>" -v tenant=<uuid> -v person=<uuid> -f sql/bench/binding_check_ab.sql
-- Optional: -v n=4000 (statements per round and lookup; use 300 with cold=1), -v rounds=10,
-- -v cold=1, -v app_login=tenantdb_app_harness.
\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?n}
\else
\set n 4000
\endif
\if :{?rounds}
\else
\set rounds 10
\endif
\if :{?app_login}
\else
\set app_login tenantdb_app_harness
\endif
\if :{?cold}
\else
\set cold 0
\endif
SELECT set_config('binding_ab.cold', :'cold', false), set_config('binding_ab.n', :'n', false), set_config('binding_ab.tenant', :'tenant', false),
       set_config('binding_ab.person', :'person', false) \gset
CREATE TEMP TABLE binding_ab (variant text, path text, lookup text, us float8);
GRANT ALL ON binding_ab TO PUBLIC;
CREATE FUNCTION pg_temp.time_lookups(lookups text[], variant text, path text) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    n int := current_setting('binding_ab.n')::int;
    t0 timestamptz;
    expr text;
BEGIN
    PERFORM app.set_context(current_setting('binding_ab.tenant')::uuid, current_setting('binding_ab.person')::uuid);
    FOREACH expr IN ARRAY lookups LOOP
        IF current_setting('binding_ab.cold') = '1' THEN
            EXECUTE format($do$DO $l$
                DECLARE t0 timestamptz; spent float8[] := '{}'; x bigint;
                BEGIN
                    FOR i IN 1..%s LOOP
                        SELECT count(*) INTO x FROM (SELECT g FROM generate_series(1, 20000) g ORDER BY g DESC) s;
                        t0 := clock_timestamp();
                        PERFORM 1 FROM (VALUES (1)) v(a) WHERE (%s) IS NOT NULL;
                        spent := spent || extract(epoch FROM clock_timestamp() - t0)::float8;
                    END LOOP;
                    PERFORM set_config('binding_ab.spent', (SELECT avg(t) FROM (SELECT t, ntile(4) OVER (ORDER BY t) q
                                                            FROM unnest(spent) t) s WHERE q IN (2, 3))::text, true);
                END $l$$do$, n, expr);
            INSERT INTO binding_ab VALUES (variant, path, expr, current_setting('binding_ab.spent')::float8 * 1e6);
        ELSE
            t0 := clock_timestamp();
            EXECUTE format('DO $l$ BEGIN FOR i IN 1..%s LOOP PERFORM 1 FROM (VALUES (1)) v(a) WHERE (%s) IS NOT NULL; END LOOP; END $l$',
                           n, expr);
            INSERT INTO binding_ab VALUES (variant, path, expr, extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        END IF;
    END LOOP;
END
$fn$;
GRANT EXECUTE ON FUNCTION pg_temp.time_lookups(text[], text, text) TO PUBLIC;
BEGIN;
GRANT USAGE ON SCHEMA app_private TO :"app_login";
-- One row per statement, run in order by \gexec: per round, A then B (B then A in even rounds).
WITH bodies(variant, body) AS (VALUES
    ('A', $b$coalesce(pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''), app_private.transaction_binding() || ':'), false)$b$),
    ('B', $b$pg_catalog.starts_with(coalesce(pg_catalog.current_setting('app.context_stamp', true), ''), app_private.transaction_binding() || ':')$b$),
    -- the same text as transaction_binding() || ':' (plain PostgreSQL), one call instead of two casts and three ||
    ('C', $b$pg_catalog.starts_with(coalesce(pg_catalog.current_setting('app.context_stamp', true), ''), pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(), (pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint, ''))$b$)),
app_lookups(l) AS (VALUES ($l$ARRAY['(SELECT 1)', '(SELECT app.current_tenant_id())', '(SELECT app.current_user_id())',
    '(SELECT app_private.resolved_person_role())', '(SELECT app_private.resolved_learner_id())',
    '(SELECT app_private.resolved_course_ids())', '(SELECT app_private.resolved_workspace_ids(''viewer''))',
    '(SELECT app_private.resolved_visible_learner_ids())']$l$))
SELECT s.stmt
FROM generate_series(1, :rounds) r
CROSS JOIN bodies b
CROSS JOIN app_lookups a
CROSS JOIN LATERAL (VALUES
    (1, format('CREATE OR REPLACE FUNCTION app_private.context_is_current() RETURNS boolean LANGUAGE sql STABLE PARALLEL RESTRICTED RETURN %s', b.body)),
    (2, format('SET LOCAL SESSION AUTHORIZATION %I', :'app_login')),
    (3, format('SELECT pg_temp.time_lookups(%s, %L, ''app'')', a.l, b.variant)),
    (4, 'RESET SESSION AUTHORIZATION'),
    (5, 'SET LOCAL ROLE tenantdb_app'),
    (6, format('SELECT pg_temp.time_lookups(ARRAY[''(SELECT 1)'', ''(SELECT app.current_tenant_id())''], %L, ''hmac'')', b.variant)),
    (7, 'RESET ROLE')) s(step, stmt)
ORDER BY r, CASE WHEN r % 2 = 1 THEN b.variant ELSE chr(ascii('A') + ascii('C') - ascii(b.variant)) END, s.step \gexec
\unset QUIET
WITH base AS (
    SELECT variant, path, min(us) AS min_us,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY us) AS median_us
    FROM binding_ab WHERE lookup = '(SELECT 1)' GROUP BY variant, path
), per AS (
    SELECT c.variant, c.path, c.lookup, min(c.us) - b.min_us AS min_us,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY c.us) - b.median_us AS median_us
    FROM binding_ab c JOIN base b USING (variant, path)
    WHERE c.lookup <> '(SELECT 1)'
    GROUP BY c.variant, c.path, c.lookup, b.min_us, b.median_us
)
SELECT a.path, a.lookup,
       round(a.min_us::numeric, 2) AS a_min, round(b.min_us::numeric, 2) AS b_min, round(c.min_us::numeric, 2) AS c_min,
       round(a.median_us::numeric, 2) AS a_median, round(b.median_us::numeric, 2) AS b_median,
       round(c.median_us::numeric, 2) AS c_median
FROM per a
JOIN per b ON b.path = a.path AND b.lookup = a.lookup AND b.variant = 'B'
JOIN per c ON c.path = a.path AND c.lookup = a.lookup AND c.variant = 'C'
WHERE a.variant = 'A'
ORDER BY a.path, a.lookup;
ROLLBACK;
