-- Deploy tenantdb:perf/learner_data_bounds_remembered to pg
-- Issue 13 (session 7): the three learner-data select policies read their four bounds (stamp fields
-- 9 to 12) with an expression written out in each (perf/learner_data_bounds_in_stamp): the binding
-- check and split_part() per bound, 16-21 us for the four of a statement, the one lookup of the
-- bench over 10 us once perf/context_cache made the others read the remembered context. Each bound
-- now asks the remembered context first, as the accessors do (tenantdb_context's
-- remembered_learner_data_bound(), one C call), and keeps the written-out read and the unbound path
-- after it unchanged: the landed verify scripts of perf/learner_data_bounds_in_stamp,
-- perf/learner_data_key_policies and learning/consent check that text, and the branch not taken
-- costs ~0.1 us per bound to set up (4 bounds, pgbench -M prepared, pg_stat_statements: written out
-- 7.6 us, this form 3.8 us, without the middle branch 3.4 us). A statement that reaches the middle
-- branch (a stamp bound to this transaction but not remembered) has no context anyway: its
-- tenant_isolation policy calls app.current_tenant_id(), which answers 42501 then.
-- Where perf/context_cache did nothing (no extension, Citus, a deployer that is not a superuser),
-- this does nothing either.
BEGIN;

DO $bounds$
DECLARE
    -- A bound of the select policies: %s the field (9 to 12), %L the bound. The remembered context
    -- first (one C call); then perf/learner_data_bounds_in_stamp's read, unchanged (binding check,
    -- the field); else the unbound path.
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
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context') THEN
        RAISE NOTICE 'perf/learner_data_bounds_remembered: no tenantdb_context extension here (perf/context_cache did nothing); the bounds stay as they are';
        RETURN;
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE NOTICE 'perf/learner_data_bounds_remembered: % is not a superuser and cannot update the C extension; the bounds stay as they are', current_user
            USING HINT = 'Deploy as a superuser (docs/operations.md, "The tenantdb_context extension").';
        RETURN;
    END IF;

    -- A function of the library, declared here rather than in a new extension version: pg_dump
    -- records CREATE EXTENSION without its version, so a restore would make the default version
    -- and the policies below would not find a function that only a later version declares.
    CREATE FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) RETURNS uuid
        LANGUAGE c STABLE PARALLEL RESTRICTED
        AS '$libdir/tenantdb_context', 'remembered_learner_data_bound';
    ALTER FUNCTION tenantdb_context.remembered_learner_data_bound(text) OWNER TO tenantdb_owner;
    COMMENT ON FUNCTION tenantdb_context.remembered_learner_data_bound(text) IS
        'Stamp fields 9 to 12 of the remembered context the settings are now: the learner-data bound learner_lo, learner_hi, key_hi or staff_own_key (NULL for another name or an empty field); 42501 when they are none. C, in the tenantdb_context library; declared by perf/learner_data_bounds_remembered.';
    REVOKE ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION tenantdb_context.remembered_learner_data_bound(text)
        TO tenantdb_owner, tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;
    -- The policies now name the extension's functions in their text: app_private.explain_row_access()
    -- (`tenantdb why`, run by the maintenance role as invoker) evaluates that text, so the
    -- maintenance role needs to look them up. Client roles still cannot (they run the stored policy).
    GRANT USAGE ON SCHEMA tenantdb_context TO tenantdb_maintenance;

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
$bounds$;

COMMIT;
