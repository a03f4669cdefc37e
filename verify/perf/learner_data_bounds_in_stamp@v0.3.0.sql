-- Verify tenantdb:perf/learner_data_bounds_in_stamp on pg (the instance reworked after @v0.2.0)
-- Where the learner-data policies read the remembered context: each of the four bounds is the
-- remembered bound, else the unbound path, with no written-out read of the stamp; elsewhere the
-- written-out read the first instance made. Either way: bind_context() writes the bounds, client
-- roles may run the unbound path, learner_data_bound()'s truth table, and, under a bound context,
-- every bound a policy evaluates is the stamp's field.
BEGIN;

DO $verify$
DECLARE
    t text;
    definition text;
    reads_remembered boolean;
    bound_expression text[];
    field integer;
    got uuid;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app_private.learner_data_bound(text,uuid,text)') IS NOT NULL THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: must do nothing on Citus';
        END IF;
        RETURN;
    END IF;
    PERFORM app.set_context('11111111-1111-4111-8111-111111111111', NULL);
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        SELECT qual INTO definition FROM pg_catalog.pg_policies
        WHERE schemaname = 'app' AND tablename = t AND policyname = t || '_select_app';
        IF definition IS NULL OR definition LIKE '% OR %' THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy missing or with an OR', t;
        END IF;
        reads_remembered := definition LIKE '%tenantdb_context.remembered_learner_data_bound(%';
        IF reads_remembered AND (
               (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition,
                   'CASE\s+WHEN tenantdb_context\.bound_context_is_remembered\(\) THEN tenantdb_context\.remembered_learner_data_bound\(''(learner_lo|learner_hi|key_hi|staff_own_key)''::text\)\s+ELSE app_private\.unbound_visible_learner_ids_bound\(''\1''::text\)\s+END', 'g')) <> 4
               OR definition LIKE '%split_part(%') THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy does not read each bound from the remembered context, else the unbound path', t;
        END IF;
        IF NOT reads_remembered AND (
               (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition,
                   'split_part\(current_setting\(''app\.context_stamp''::text, true\), '':''::text, (9|10|11|12)\)', 'g')) <> 4
               OR (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition, 'ELSE app_private\.unbound_visible_learner_ids_bound\(', 'g')) <> 4) THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy does not read the bounds from the stamp after the binding check', t;
        END IF;
        -- The results: each bound, evaluated as the policy writes it, is the bound context's field
        -- (every quantifier lazy: PostgreSQL takes a regular expression's greed from its first).
        field := 9;
        FOR bound_expression IN
            SELECT m FROM pg_catalog.regexp_matches(definition, '\(\s*?SELECT\s+?(CASE\s.*?\sEND) AS unbound_visible_learner_ids_bound\)', 'g') AS m
        LOOP
            EXECUTE 'SELECT ' || bound_expression[1] INTO got;
            IF got IS DISTINCT FROM NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp'), ':', field), '')::uuid THEN
                RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy''s bound % is not the stamp''s field', t, field;
            END IF;
            field := field + 1;
        END LOOP;
        IF field <> 13 THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy has % bounds, not 4', t, field - 9;
        END IF;
    END LOOP;
    IF (SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'app_private.bind_context(uuid,uuid)'::regprocedure)
       NOT LIKE '%learner_data_bound(resolved.person_role, resolved.learner_id, ''staff_own_key'')%' THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: bind_context() does not write the learner-data bounds';
    END IF;
    IF NOT pg_catalog.has_function_privilege('tenantdb_client', 'app_private.unbound_visible_learner_ids_bound(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: client roles must be able to run the policies'' unbound path';
    END IF;
    -- The truth table, spot-checked: a student their own id; staff any learner, shared key; none without a role.
    IF app_private.learner_data_bound('student', '11111111-1111-1111-1111-111111111111', 'learner_lo')
           IS DISTINCT FROM '11111111-1111-1111-1111-111111111111'::uuid
       OR app_private.learner_data_bound('educator', NULL, 'key_hi') IS DISTINCT FROM '00000000-0000-0000-0000-000000000000'::uuid
       OR app_private.learner_data_bound(NULL, NULL, 'learner_hi') IS NOT NULL THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: learner_data_bound() truth table';
    END IF;
END
$verify$;

ROLLBACK;
