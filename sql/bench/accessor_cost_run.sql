-- One run of sql/bench/accessor_cost.sql for the person :run_for (see there).
BEGIN;
\if :bound
SELECT app.set_context('11111111-1111-4111-8111-111111111111', :'run_for');
\else
SELECT set_config('app.tenant_id', '11111111-1111-4111-8111-111111111111', true), set_config('app.user_id', :'run_for', true);
\endif
\if :{?role}
SET LOCAL ROLE :role;
\endif
DO $$
DECLARE
    t0 timestamptz;
    x bigint;
    t text;
    n integer := 5000;
    base numeric;
    best numeric[] := ARRAY[1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9];
    took numeric;
    by_name boolean := has_schema_privilege('app_private', 'USAGE')
                       AND to_regprocedure('app_private.current_person_role()') IS NOT NULL;
    person_role text;
    resolved boolean := EXISTS (SELECT FROM pg_catalog.pg_proc WHERE proname = 'resolved_person_role');
BEGIN
    SELECT u.role INTO person_role FROM app.users u WHERE u.id = current_setting('app.user_id')::uuid;
    FOR round IN 1..3 LOOP
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT 1 INTO x; END LOOP;
        base := extract(epoch FROM clock_timestamp() - t0) * 1e6 / n;
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT CASE WHEN (SELECT app.current_tenant_id()) IS NULL THEN 0 ELSE 1 END INTO x; END LOOP;
        best[1] := least(best[1], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT CASE WHEN (SELECT app.current_user_id()) IS NULL THEN 0 ELSE 1 END INTO x; END LOOP;
        best[2] := least(best[2], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
        IF by_name AND resolved THEN
            -- perf/resolved_context: the policies inline these (the definer lookups keep their names).
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.resolved_person_role()) INTO t; END LOOP;
            best[5] := least(best[5], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.resolved_learner_id())::text INTO t; END LOOP;
            best[6] := least(best[6], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.resolved_course_ids())::text INTO t; END LOOP;
            best[7] := least(best[7], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.resolved_workspace_ids('viewer'))::text INTO t; END LOOP;
            best[8] := least(best[8], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT cardinality((SELECT app_private.resolved_visible_learner_ids())) INTO x; END LOOP;
            best[9] := least(best[9], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
        ELSIF by_name THEN
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.current_person_role()) INTO t; END LOOP;
            best[5] := least(best[5], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.current_learner_id())::text INTO t; END LOOP;
            best[6] := least(best[6], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.current_course_ids())::text INTO t; END LOOP;
            best[7] := least(best[7], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            t0 := clock_timestamp();
            FOR i IN 1..n LOOP SELECT (SELECT app_private.current_workspace_ids('viewer'))::text INTO t; END LOOP;
            best[8] := least(best[8], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            IF to_regprocedure('app_private.visible_learner_ids()') IS NOT NULL THEN
                t0 := clock_timestamp();
                FOR i IN 1..n LOOP SELECT cardinality((SELECT app_private.visible_learner_ids())) INTO x; END LOOP;
                best[9] := least(best[9], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n - base);
            END IF;
        END IF;
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.users; END LOOP;
        best[3] := least(best[3], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.conversations; END LOOP;
        best[4] := least(best[4], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.courses; END LOOP;
        best[10] := least(best[10], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.learning_sessions; END LOOP;
        best[11] := least(best[11], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
        t0 := clock_timestamp();
        FOR i IN 1..n LOOP SELECT count(*) INTO x FROM app.workspaces; END LOOP;
        best[12] := least(best[12], extract(epoch FROM clock_timestamp() - t0) * 1e6 / n);
    END LOOP;
    RAISE NOTICE 'role %, person %: current_tenant_id() % us, current_user_id() % us (over SELECT 1)',
        current_user, person_role, round(best[1], 2), round(best[2], 2);
    IF by_name THEN
        RAISE NOTICE '  lookups the policies call (over SELECT 1; resolved_* twins: %): person role % us, learner id % us, course ids % us, workspace ids (viewer) % us, visible learner ids % us',
            resolved, round(best[5], 2), round(best[6], 2), round(best[7], 2), round(best[8], 2),
            CASE WHEN best[9] < 1e9 THEN round(best[9], 2)::text ELSE '-' END;
    END IF;
    IF false THEN
        RAISE NOTICE '  lookups (over SELECT 1): current_person_role() % us, current_learner_id() % us, current_course_ids() % us, current_workspace_ids(''viewer'') % us, visible_learner_ids() % us',
            round(best[5], 2), round(best[6], 2), round(best[7], 2), round(best[8], 2),
            CASE WHEN best[9] < 1e9 THEN round(best[9], 2)::text ELSE '-' END;
    END IF;
    RAISE NOTICE '  whole statements (us): count(*) FROM app.users %, app.conversations %, app.courses %, app.learning_sessions %, app.workspaces %',
        round(best[3], 2), round(best[4], 2), round(best[10], 2), round(best[11], 2), round(best[12], 2);
END
$$;
ROLLBACK;
