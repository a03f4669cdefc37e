-- Verify tenantdb:perf/learner_data_bounds_remembered on pg (the instance reworked after @v0.3.0)
-- Where the library's one-call reader is declared: each of the three learner-data select policies
-- reads each of its four bounds with one call of it (no CASE, no OR); under a bound context every
-- bound is the stamp's field; client roles may run it. Where it is not (no extension, Citus, a
-- deployer that was not a superuser): the policies still read what they read before, which the
-- verify scripts of perf/learner_data_bounds_in_stamp and perf/learner_data_key_policies check.
BEGIN;

DO $verify$
DECLARE
    t text;
    definition text;
    bound text;
    field integer;
    got uuid;
BEGIN
    IF pg_catalog.to_regprocedure('tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text)') IS NULL THEN
        IF EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = 'learning_sessions'
                     AND policyname = 'learning_sessions_select_app'
                     AND qual LIKE '%remembered_else_unbound_visible_learner_ids_bound(%') THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_remembered: the policies call a reader that is not declared';
        END IF;
        RETURN;
    END IF;
    IF pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text)', 'EXECUTE') IS NOT TRUE
       OR pg_catalog.has_function_privilege('public', 'tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_remembered: the client roles, and only the tenantdb roles, must be able to run the policies'' bounds';
    END IF;
    PERFORM app.set_context('11111111-1111-4111-8111-111111111111', NULL);
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        SELECT qual INTO definition FROM pg_catalog.pg_policies
        WHERE schemaname = 'app' AND tablename = t AND policyname = t || '_select_app';
        IF definition IS NULL OR definition LIKE '% OR %' OR definition LIKE '%CASE%'
           OR (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition,
                   'SELECT tenantdb_context\.remembered_else_unbound_visible_learner_ids_bound\(''(learner_lo|learner_hi|key_hi|staff_own_key)''::text\)', 'g')) <> 4 THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_remembered: % select policy does not read each bound with one call of the library', t;
        END IF;
    END LOOP;
    -- The values: each bound, under a bound context, is the stamp's field.
    field := 9;
    FOREACH bound IN ARRAY ARRAY['learner_lo', 'learner_hi', 'key_hi', 'staff_own_key'] LOOP
        got := tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound);
        IF got IS DISTINCT FROM NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp'), ':', field), '')::uuid THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_remembered: bound % is not the stamp''s field %', bound, field;
        END IF;
        field := field + 1;
    END LOOP;
    IF tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('no such bound') IS NOT NULL THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_remembered: a name that is no bound must give NULL';
    END IF;
END
$verify$;

ROLLBACK;
