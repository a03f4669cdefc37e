-- Revert tenantdb:perf/learner_data_bounds_remembered from pg (the instance reworked after @v0.3.0)
-- The three learner-data select policies and their comments as perf/learner_data_bounds_in_stamp
-- (reworked after @v0.2.0) left them: per bound, a CASE of the remembered bound, else the unbound
-- path; and the one-call reader goes. Where the deploy did nothing, so does this.
BEGIN;

DO $revert$
DECLARE
    -- A bound of the select policies, %1$L its name: the remembered context, else the unbound path.
    bound_read constant text := $read$(SELECT CASE
        WHEN tenantdb_context.bound_context_is_remembered()
            THEN tenantdb_context.remembered_learner_data_bound(%1$L)
        ELSE app_private.unbound_visible_learner_ids_bound(%1$L)
    END)$read$;
    learner_table text;
BEGIN
    IF pg_catalog.to_regprocedure('tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text)') IS NULL THEN
        RETURN;  -- the deploy changed nothing here
    END IF;
    FOREACH learner_table IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY %I ON app.%I USING ('
            'learner_id >= %s AND learner_id <= %s AND learner_data_key <= %s'
            ' AND (learner_data_key = ANY (ARRAY[''00000000-0000-0000-0000-000000000000''::uuid, %s])) IS NOT FALSE)',
            learner_table || '_select_app', learner_table,
            pg_catalog.format(bound_read, 'learner_lo'), pg_catalog.format(bound_read, 'learner_hi'),
            pg_catalog.format(bound_read, 'key_hi'), pg_catalog.format(bound_read, 'staff_own_key'));
    END LOOP;
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12, read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound()), else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_in_stamp, reworked after @v0.2.0).';
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12, read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound()), else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_in_stamp, reworked after @v0.2.0).';
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are stamp fields 9 to 12, read from the context bind_context() remembered (tenantdb_context.remembered_learner_data_bound()), else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_in_stamp, reworked after @v0.2.0).';
    DROP FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text);
END
$revert$;

COMMIT;
