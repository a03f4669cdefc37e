-- Deploy tenantdb:perf/learner_data_key_policies to pg
-- Issue 13 (session 5): the select policies of app.learning_sessions, app.struggle_events and
-- app.intervention_logs decide consent from the row's learner_data_key (perf/learner_data_key)
-- instead of searching the array of every visible learner id, which for staff was a query over the
-- tenant's learner profiles per statement (2,834 us in the full bench's largest tenant). Without
-- OR, and every comparison a leakproof range over an InitPlan value of
-- app_private.visible_learner_ids_bound(<bound>):
--   learner_id        between learner_lo and learner_hi
--   learner_data_key  <= key_hi   (the lowest key is the nil uuid)
--   (learner_data_key = ANY (ARRAY[nil uuid, staff_own_key])) IS NOT FALSE
-- A student: learner_id = own, any key (their rows carry nil or their own id). An educator or
-- coach: any learner, key = nil (learners who share). An admin: everything. Nobody without a
-- person or a role (every bound NULL). The third line only bites for staff who have a learner
-- profile of their own (key range nil..own id, the array {nil, own} keeps it exact); it is NULL,
-- i.e. true, for everyone else.
-- Both ranges are index conditions on every index that can serve them: the new
-- (tenant_id, learner_data_key, learner_id) index (tenant-wide reads: an educator's reaches only
-- the shared rows), and the learner-led index, rebuilt as (tenant_id, learner_id,
-- learner_data_key, <time> DESC), so an educator who names a learner who does not share reads
-- nothing (the key is an index condition there too). Ranges, not `= ANY(<array>)`: priced as one
-- of 1,000 tenants, the planner preferred a tenant_id-only index with the policy as a filter over
-- any path with an array of unknown length (docs/benchmarks-analysis.md, "Session 5").
-- On a database with the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- One bound function for the four bounds (named for the visible learner ids it bounds; the landed
-- verify of learning/consent also expects that name in these policies), PL/pgSQL (the lint requires a fixed search_path of it;
-- SECURITY DEFINER only because its names resolve when it runs and client roles have no USAGE on
-- app_private; it reads nothing but the resolved context). Each bound is one InitPlan
-- per statement. A function's expression state is built once per transaction, and all four
-- InitPlans call the same function, so it is built once, not four times: the cost that made the
-- bounds 7-17 us each as five LANGUAGE sql functions with a SET clause (an executor per call);
-- inlined, they made planning a statement over these tables 0.51 ms instead of 0.15 ms (quick
-- bench data; docs/benchmarks-analysis.md, "Session 5"). No lower bound on the key: the nil uuid
-- is the smallest uuid, and without a person the learner bounds are NULL (nothing matches).
CREATE FUNCTION app_private.visible_learner_ids_bound(bound text)
RETURNS uuid
LANGUAGE plpgsql
STABLE PARALLEL RESTRICTED
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    person_role text := app_private.resolved_person_role();
    learner uuid := app_private.resolved_learner_id();
BEGIN
    RETURN CASE
        WHEN person_role IS NULL THEN NULL
        WHEN bound = 'learner_lo' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE learner END
        WHEN bound = 'learner_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE learner END
        WHEN bound = 'key_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN coalesce(learner, '00000000-0000-0000-0000-000000000000'::uuid)
                 ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid END
        WHEN bound = 'staff_own_key' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN learner END
    END;
END
$function$;

COMMENT ON FUNCTION app_private.visible_learner_ids_bound(text) IS
    'A bound of the learner-data select policies (perf/learner_data_key_policies) for the acting person, from the resolved context: learner_lo/learner_hi, the learner_id range (a student''s own learner id; nil to max uuid for educators, coaches and admins); key_hi, the highest learner_data_key (nil for educators and coaches, their own learner id if they have a learner profile; max uuid for students and admins; the lowest is always nil, the key of learners who share); staff_own_key, the own learner id of an educator or coach with a learner profile (the only non-nil key they may read), else NULL. NULL for every bound without a person (nothing matches). Each is one InitPlan; one PL/pgSQL function so its expression state is built once per transaction. Definer only because client roles have no USAGE on app_private.';
REVOKE ALL ON FUNCTION app_private.visible_learner_ids_bound(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.visible_learner_ids_bound(text)
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

DO $policies$
DECLARE
    t text;
    learner_index text;
    time_column text;
    noun text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        DROP FUNCTION app_private.visible_learner_ids_bound(text);
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        learner_index := CASE t WHEN 'learning_sessions' THEN 'learning_sessions_learner_start_idx'
                                WHEN 'struggle_events' THEN 'struggle_events_learner_detected_idx'
                                ELSE 'intervention_logs_learner_delivered_idx' END;
        time_column := CASE t WHEN 'learning_sessions' THEN 'session_start' WHEN 'struggle_events' THEN 'detected_at'
                              ELSE 'delivered_at' END;
        noun := CASE t WHEN 'learning_sessions' THEN 'sessions' WHEN 'struggle_events' THEN 'struggles'
                       ELSE 'interventions' END;
        EXECUTE format('DROP INDEX app.%I', learner_index);
        EXECUTE format('CREATE INDEX %I ON app.%I (tenant_id, learner_id, learner_data_key, %I DESC)', learner_index, t, time_column);
        EXECUTE format('COMMENT ON INDEX app.%I IS %L', learner_index,
                       format('A learner''s %s, newest first, with the consent key as an index condition (a learner named by an educator who may not read them is never read); covers the learner foreign key.', noun));
        EXECUTE format('CREATE INDEX %I ON app.%I (tenant_id, learner_data_key, learner_id)', t || '_data_key_idx', t);
        EXECUTE format('COMMENT ON INDEX app.%I IS %L', t || '_data_key_idx',
                       'The select policy''s path for tenant-wide reads: the rows of learners who share (nil key), or one learner''s own; an educator''s read never visits a row of a learner who does not share.');
        EXECUTE format('ALTER POLICY %I ON app.%I USING ('
                       'learner_id >= (SELECT app_private.visible_learner_ids_bound(''learner_lo''))'
                       ' AND learner_id <= (SELECT app_private.visible_learner_ids_bound(''learner_hi''))'
                       ' AND learner_data_key <= (SELECT app_private.visible_learner_ids_bound(''key_hi''))'
                       ' AND (learner_data_key = ANY (ARRAY[''00000000-0000-0000-0000-000000000000''::uuid,'
                       ' (SELECT app_private.visible_learner_ids_bound(''staff_own_key''))])) IS NOT FALSE)',
                       t || '_select_app', t);
        EXECUTE format('COMMENT ON POLICY %I ON app.%I IS %L', t || '_select_app', t,
                       format('A student reads their own %s; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies).',
                              CASE t WHEN 'struggle_events' THEN 'struggle events' ELSE noun END));
    END LOOP;
END
$policies$;

COMMIT;
