-- Deploy tenantdb:perf/learner_data_bounds_in_stamp to pg (reworked after @v0.2.0; issue 13, session 9)
-- The three learner-data select policies read each of their four bounds (stamp fields 9 to 12)
-- with one CASE where perf/learner_data_bounds_remembered gave them the remembered context: the
-- remembered bound (tenantdb_context.remembered_learner_data_bound(), one C call), else the
-- unbound path (app_private.unbound_visible_learner_ids_bound(): a superuser's hand-set ids, else
-- 42501). The written-out read of the stamp between the two (the binding check, then split_part()
-- of the field), which the first instance of this change wrote and perf/learner_data_bounds_remembered
-- kept because this change's verify script pinned its text, goes from them:
-- - It never decided a statement that has a context. Every context is bind_context()'s, which
--   remembers it; a stamp bound to this transaction but not remembered (a trusted role's stamp
--   widened by hand) is no context, and the statement's tenant_isolation policy answers 42501 then
--   (app.current_tenant_id() asks the remembered context too). Without it such a bound takes the
--   unbound path instead, which refuses or looks up a superuser's hand-set ids: never more rows.
-- - It was not free. PostgreSQL sets up every function of a policy's expression when the
--   executor starts, the branches never taken included, and checks the caller's EXECUTE privilege
--   on each: ten functions per bound, forty per statement. A student's own sessions, server-side,
--   executor start included (scripts/bench_policy_variants.py): 23.9 -> 13.9 us over the floor.
-- Where the remembered context is not in the policies (no tenantdb_context extension, a deployer
-- that is not a superuser, Citus), the written-out read is their main path, and this changes
-- nothing. The first instance's scripts are the @v0.2.0 files; its verify script, which pins the
-- written-out text, belongs to that instance (sqitch verify runs the newest instance's only).
BEGIN;

DO $bounds$
DECLARE
    -- A bound of the select policies, %1$L its name: the remembered context, else the unbound path.
    bound_read constant text := $read$(SELECT CASE
        WHEN tenantdb_context.bound_context_is_remembered()
            THEN tenantdb_context.remembered_learner_data_bound(%1$L)
        ELSE app_private.unbound_visible_learner_ids_bound(%1$L)
    END)$read$;
    learner_table text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;  -- the citus/* changes own these policies there
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = 'learning_sessions'
                     AND policyname = 'learning_sessions_select_app'
                     AND qual LIKE '%tenantdb_context.remembered_learner_data_bound(%') THEN
        RAISE NOTICE 'perf/learner_data_bounds_in_stamp: the learner-data policies do not read the remembered context here (perf/learner_data_bounds_remembered did nothing); their bounds stay as they are';
        RETURN;
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
END
$bounds$;

COMMIT;
