-- Revert tenantdb:perf/learner_data_bounds_remembered from pg
-- The three learner-data select policies read their bounds with the expression written out alone
-- again (policies and comments as perf/learner_data_bounds_in_stamp made them), and the reader
-- of the bounds goes. Where the deploy did nothing, so does this.
BEGIN;

DO $revert$
DECLARE
    bound_read constant text := $read$(SELECT CASE
        WHEN pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''),
                                    pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
                                        (pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint) || ':')
            THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', %s), '')::uuid
        ELSE app_private.unbound_visible_learner_ids_bound(%L)
    END)$read$;
    learner_table text;
BEGIN
    IF pg_catalog.to_regnamespace('tenantdb_context') IS NULL
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_proc WHERE proname = 'remembered_learner_data_bound'
                        AND pronamespace = 'tenantdb_context'::pg_catalog.regnamespace) THEN
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
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
    REVOKE USAGE ON SCHEMA tenantdb_context FROM tenantdb_maintenance;
    DROP FUNCTION tenantdb_context.remembered_learner_data_bound(text);
END
$revert$;

COMMIT;
