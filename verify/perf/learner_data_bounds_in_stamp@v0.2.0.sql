-- Verify tenantdb:perf/learner_data_bounds_in_stamp on pg
-- Without Citus: the three learner-data select policies read their four bounds from the stamp
-- (fields 9 to 12) after the binding check, the other branch one call of
-- unbound_visible_learner_ids_bound() (no call of the PL/pgSQL visible_learner_ids_bound(), no
-- function the planner would inline); bind_context() writes the four bounds; a bound context
-- carries them under its HMAC. With Citus: nothing.
BEGIN;

DO $verify$
DECLARE
    t text;
    definition text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app_private.learner_data_bound(text,uuid,text)') IS NOT NULL THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: must do nothing on Citus';
        END IF;
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        SELECT qual INTO definition FROM pg_catalog.pg_policies
        WHERE schemaname = 'app' AND tablename = t AND policyname = t || '_select_app';
        IF definition IS NULL
           OR definition NOT LIKE '%split_part(current_setting(''app.context_stamp''::text, true), '':''::text, 9)%'
           OR definition NOT LIKE '%split_part(current_setting(''app.context_stamp''::text, true), '':''::text, 10)%'
           OR definition NOT LIKE '%split_part(current_setting(''app.context_stamp''::text, true), '':''::text, 11)%'
           OR definition NOT LIKE '%split_part(current_setting(''app.context_stamp''::text, true), '':''::text, 12)%'
           OR (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition, 'starts_with\(NULLIF\(current_setting\(''app\.context_stamp''::text, true\), ''''::text\), \(concat_ws\('':''::text, pg_backend_pid\(\)', 'g')) <> 4
           OR (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition, 'ELSE app_private\.unbound_visible_learner_ids_bound\(', 'g')) <> 4
           OR definition ~ '[^_]visible_learner_ids_bound\(' OR definition LIKE '%context_is_current%'
           OR definition LIKE '% OR %' THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy does not read the bounds from the stamp after the binding check', t;
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
