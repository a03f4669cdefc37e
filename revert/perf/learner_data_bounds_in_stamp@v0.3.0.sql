-- Revert tenantdb:perf/learner_data_bounds_in_stamp from pg (the instance reworked after @v0.2.0)
-- The three learner-data select policies and their comments as perf/learner_data_bounds_remembered
-- left them: the remembered bound, then the written-out read of the stamp, then the unbound path.
-- Where the deploy did nothing (the policies never read the remembered context, Citus), neither
-- does this.
BEGIN;

DO $revert$
DECLARE
    -- perf/learner_data_bounds_remembered's bound: %1$s the field (9 to 12), %2$L the bound.
    bound_read constant text := $read$(SELECT CASE
        WHEN tenantdb_context.bound_context_is_remembered()
            THEN tenantdb_context.remembered_learner_data_bound(%2$L)
        WHEN pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''),
                                    pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
                                        (pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint) || ':')
            THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', %1$s), '')::uuid
        ELSE app_private.unbound_visible_learner_ids_bound(%2$L)
    END)$read$;
    learner_table text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = 'learning_sessions'
                        AND policyname = 'learning_sessions_select_app'
                        AND qual LIKE '%tenantdb_context.remembered_learner_data_bound(%') THEN
        RETURN;  -- the deploy changed nothing here
    END IF;
    FOREACH learner_table IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY %I ON app.%I USING ('
            'learner_id >= %s AND learner_id <= %s AND learner_data_key <= %s'
            ' AND (learner_data_key = ANY (ARRAY[''00000000-0000-0000-0000-000000000000''::uuid, %s])) IS NOT FALSE)',
            learner_table || '_select_app', learner_table,
            pg_catalog.format(bound_read, 9, 'learner_lo'), pg_catalog.format(bound_read, 10, 'learner_hi'),
            pg_catalog.format(bound_read, 11, 'key_hi'), pg_catalog.format(bound_read, 12, 'staff_own_key'));
    END LOOP;
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12 (perf/learner_data_bounds_in_stamp), read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound(), perf/learner_data_bounds_remembered), else after the binding check, else unbound_visible_learner_ids_bound().';
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12 (perf/learner_data_bounds_in_stamp), read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound(), perf/learner_data_bounds_remembered), else after the binding check, else unbound_visible_learner_ids_bound().';
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12 (perf/learner_data_bounds_in_stamp), read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound(), perf/learner_data_bounds_remembered), else after the binding check, else unbound_visible_learner_ids_bound().';
END
$revert$;

COMMIT;
