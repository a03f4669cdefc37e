-- What the tenant-context accessors cost per statement (µs over SELECT 1), as the role you connect
-- with (or :role after SET ROLE, for a superuser session: that is the HMAC-checking path).
-- Works before (v0.1.0: raw settings) and after security/bound_context (app.set_context):
--   psql "postgresql://tenantdb_app@127.0.0.1:54329/tenantdb" -v student=<uuid> -f sql/bench/accessor_cost.sql
--   psql "postgresql://postgres@127.0.0.1:54329/tenantdb" -v role=tenantdb_app -v student=<uuid> -f sql/bench/accessor_cost.sql
-- (<uuid>: a student of demo tenant 11111111-1111-4111-8111-111111111111, e.g. from tenantdb seed)
-- Each figure: min over 3 runs of 20,000 statements in one transaction (PL/pgSQL loop; the
-- accessor runs as an InitPlan once per statement, as in a policy).
\set ON_ERROR_STOP 1
\set QUIET 1
SELECT to_regprocedure('app.set_context(uuid,uuid)') IS NOT NULL AS bound \gset
\if :{?student}
\else
\echo 'pass -v student=<uuid of a student of tenant 11111111-...>'
\quit
\endif
BEGIN;
\if :bound
SELECT app.set_context('11111111-1111-4111-8111-111111111111', :'student');
\else
SELECT set_config('app.tenant_id', '11111111-1111-4111-8111-111111111111', true), set_config('app.user_id', :'student', true);
\endif
\if :{?role}
SET LOCAL ROLE :role;
\endif
DO $$
DECLARE
    t0 timestamptz;
    x bigint;
    n integer := 20000;
    base numeric;
    best numeric[] := ARRAY[1e9, 1e9, 1e9, 1e9];
    took numeric;
BEGIN
    FOR round IN 1..3 LOOP
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT 1 INTO x; END LOOP;
        base := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT CASE WHEN (SELECT app.current_tenant_id()) IS NULL THEN 0 ELSE 1 END INTO x; END LOOP;
        took := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base;
        best[1] := least(best[1], took);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT CASE WHEN (SELECT app.current_user_id()) IS NULL THEN 0 ELSE 1 END INTO x; END LOOP;
        took := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base;
        best[2] := least(best[2], took);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.users; END LOOP;
        took := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
        best[3] := least(best[3], took);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.conversations; END LOOP;
        took := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
        best[4] := least(best[4], took);
    END LOOP;
    RAISE NOTICE 'role %: current_tenant_id() % us, current_user_id() % us (over SELECT 1); SELECT count(*) FROM app.users % us, FROM app.conversations % us (whole statement, student)',
        current_user, round(best[1], 2), round(best[2], 2), round(best[3], 2), round(best[4], 2);
END
$$;
ROLLBACK;
