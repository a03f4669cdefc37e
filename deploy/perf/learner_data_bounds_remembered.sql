-- Deploy tenantdb:perf/learner_data_bounds_remembered to pg (reworked after @v0.3.0; issue 13, session 11)
-- Each of the four bounds of the three learner-data select policies is one call of the
-- tenantdb_context library, tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound):
-- the remembered context's bound (stamp field 9 to 12), else app_private.unbound_visible_learner_ids_bound(bound)
-- run by the library with the caller's EXECUTE checked. It replaces the CASE that
-- perf/learner_data_bounds_in_stamp (reworked after @v0.2.0) wrote per bound:
--     CASE WHEN tenantdb_context.bound_context_is_remembered()
--          THEN tenantdb_context.remembered_learner_data_bound(bound)
--          ELSE app_private.unbound_visible_learner_ids_bound(bound) END
-- Same values for every caller: the library answers the same question (the settings are, byte for
-- byte, a context remembered in this transaction) and takes the same branch. Why: the executor
-- sets up, and checks EXECUTE on, every function a policy names when a statement starts, the
-- branch never taken included: three per bound, twelve per statement; now four. The four bounds of
-- one statement, server-side, executor start included: 4.4 -> 3.0 us over `(SELECT 1)`
-- (docs/benchmarks-analysis.md, "Session 11"). This is what perf/context_cache's rework after
-- @v0.2.0 did for the accessors (remembered_value()).
-- The name says what the rare branch is, and the policy text keeps naming
-- visible_learner_ids_bound('<bound>'), which perf/learner_data_key_policies' and learning/consent's
-- verify scripts look for.
-- Where the policies do not read the remembered context (no tenantdb_context extension, Citus), or
-- the deployer is not a superuser (a C function cannot be declared), this does nothing and says so.
BEGIN;

DO $bounds$
DECLARE
    learner_table text;
    one_call constant text := '(SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(%L))';
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = 'learning_sessions'
                        AND policyname = 'learning_sessions_select_app'
                        AND qual LIKE '%tenantdb_context.remembered_learner_data_bound(%') THEN
        RAISE NOTICE 'perf/learner_data_bounds_remembered: the learner-data policies do not read the remembered context here (its first instance did nothing); their bounds stay as they are';
        RETURN;
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE NOTICE 'perf/learner_data_bounds_remembered: % is not a superuser and cannot declare a function of the C library; the bounds stay a CASE each', current_user
            USING HINT = 'Deploy as a superuser (docs/operations.md, "The tenantdb_context extension").';
        RETURN;
    END IF;

    -- Declared here, not by a new extension version (pg_dump records CREATE EXTENSION without its
    -- version: docs/conventions.md). A server still running a library built before session 11 has
    -- no such symbol: refuse with the fix rather than PostgreSQL's "could not find function" (the
    -- run is reverted).
    BEGIN
        CREATE FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) RETURNS uuid
            LANGUAGE c STABLE PARALLEL RESTRICTED
            AS '$libdir/tenantdb_context', 'remembered_else_unbound_learner_data_bound';
    EXCEPTION WHEN undefined_function THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_remembered: the tenantdb_context library installed on this server is an older build (%)', SQLERRM
            USING HINT = 'Build and install ext/tenantdb_context of this release (make -C ext/tenantdb_context PG_CONFIG=<pg_config> install, docs/operations.md), restart the server, then deploy again.';
    END;
    ALTER FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text) OWNER TO tenantdb_owner;
    COMMENT ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text) IS
        'A learner-data bound of the select policies in one call (C, the tenantdb_context library; declared by perf/learner_data_bounds_remembered reworked after @v0.3.0): stamp field 9 to 12 of the remembered context the settings are now (learner_lo, learner_hi, key_hi, staff_own_key; NULL for another name), else app_private.unbound_visible_learner_ids_bound(bound), EXECUTE on it checked as the caller''s.';
    REVOKE ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(text)
        TO tenantdb_owner, tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    FOREACH learner_table IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY %I ON app.%I USING ('
            'learner_id >= %s AND learner_id <= %s AND learner_data_key <= %s'
            ' AND (learner_data_key = ANY (ARRAY[''00000000-0000-0000-0000-000000000000''::uuid, %s])) IS NOT FALSE)',
            learner_table || '_select_app', learner_table,
            pg_catalog.format(one_call, 'learner_lo'), pg_catalog.format(one_call, 'learner_hi'),
            pg_catalog.format(one_call, 'key_hi'), pg_catalog.format(one_call, 'staff_own_key'));
    END LOOP;
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
END
$bounds$;

COMMIT;
