-- Verify tenantdb:perf/learner_data_bounds_in_stamp on pg
-- Without Citus: the three learner-data select policies read their bounds with the inlinable
-- resolved_visible_learner_ids_bound() (no call of the PL/pgSQL visible_learner_ids_bound()), which
-- reads the stamp after the binding check and keeps its other branch in one call; bind_context()
-- writes the four bounds; a bound context carries them (fields 9 to 12) under its HMAC. With
-- Citus: nothing.
BEGIN;

DO $verify$
DECLARE
    t text;
    definition text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app_private.resolved_visible_learner_ids_bound(text)') IS NOT NULL THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: must do nothing on Citus';
        END IF;
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = t
                         AND policyname = t || '_select_app'
                         AND qual LIKE '%resolved_visible_learner_ids_bound(''learner_lo''%'
                         AND qual LIKE '%resolved_visible_learner_ids_bound(''learner_hi''%'
                         AND qual LIKE '%resolved_visible_learner_ids_bound(''key_hi''%'
                         AND qual LIKE '%resolved_visible_learner_ids_bound(''staff_own_key''%'
                         AND qual !~ '[^_]visible_learner_ids_bound\(' AND qual NOT LIKE '% OR %') THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: % select policy does not read the bounds from the stamp', t;
        END IF;
    END LOOP;
    SELECT p.prosrc || ' ' || coalesce(pg_catalog.pg_get_function_sqlbody(p.oid), '') INTO definition
    FROM pg_catalog.pg_proc p WHERE p.oid = 'app_private.resolved_visible_learner_ids_bound(text)'::regprocedure
      AND NOT p.prosecdef AND p.proconfig IS NULL AND p.provolatile = 's';
    IF definition IS NULL OR definition NOT LIKE '%context_is_current()%'
       OR definition NOT LIKE '%ELSE app_private.unbound_visible_learner_ids_bound(bound)%' THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: resolved_visible_learner_ids_bound() is not the inlinable stamp read';
    END IF;
    IF (SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'app_private.bind_context(uuid,uuid)'::regprocedure)
       NOT LIKE '%learner_data_bound(resolved.person_role, resolved.learner_id, ''staff_own_key'')%' THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: bind_context() does not write the learner-data bounds';
    END IF;
    IF NOT pg_catalog.has_function_privilege('tenantdb_client', 'app_private.resolved_visible_learner_ids_bound(text)', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('tenantdb_client', 'app_private.unbound_visible_learner_ids_bound(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_in_stamp: client roles must be able to run the policies'' lookup';
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
