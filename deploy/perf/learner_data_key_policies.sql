-- Deploy tenantdb:perf/learner_data_key_policies to pg
-- Issue 13 (session 5): the select policies of app.learning_sessions, app.struggle_events and
-- app.intervention_logs decide consent from the row's learner_data_key (perf/learner_data_key)
-- instead of searching the array of every visible learner id, which for staff was a query over the
-- tenant's learner profiles per statement (2,834 us in the full bench's largest tenant). Without
-- OR, and every comparison a leakproof range over an InitPlan value:
--   learner_id        between learner_data_learner_lo() and learner_data_learner_hi()
--   learner_data_key  between learner_data_key_lo()     and learner_data_key_hi()
--   (learner_data_key = ANY (staff_own_visible_learner_ids())) IS NOT FALSE
-- A student: learner_id = own, any key (their rows carry nil or their own id). An educator or
-- coach: any learner, key = nil (learners who share). An admin: everything. Nobody without a
-- person or a role. The third line only bites for staff who have a learner profile of their own
-- (key range nil..own id, the array {nil, own} keeps it exact); it is NULL, i.e. true, for
-- everyone else.
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

-- The five bounds are NOT inlinable on purpose (fixed search_path): inlined, each InitPlan carries
-- the whole stamp check into the plan, and planning a statement over these tables took 0.51 ms
-- instead of 0.15 ms (quick bench data; main: 0.17 ms). Called, each costs a few us per
-- statement (docs/benchmarks-analysis.md, "Session 5").
CREATE FUNCTION app_private.learner_data_learner_lo()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
            THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE app_private.resolved_learner_id() END;
CREATE FUNCTION app_private.learner_data_learner_hi()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
            THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE app_private.resolved_learner_id() END;
CREATE FUNCTION app_private.learner_data_key_lo()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN app_private.resolved_person_role() IS NOT NULL THEN '00000000-0000-0000-0000-000000000000'::uuid END;
CREATE FUNCTION app_private.learner_data_key_hi()
RETURNS uuid
LANGUAGE sql
STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach')
            THEN coalesce(app_private.resolved_learner_id(), '00000000-0000-0000-0000-000000000000'::uuid)
            WHEN app_private.resolved_person_role() IS NOT NULL THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid END;
CREATE FUNCTION app_private.staff_own_visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach') AND app_private.resolved_learner_id() IS NOT NULL
            THEN ARRAY['00000000-0000-0000-0000-000000000000'::uuid, app_private.resolved_learner_id()] END;

COMMENT ON FUNCTION app_private.learner_data_learner_lo() IS
    'Lowest learner_id whose learner data the acting person may read: their own learner id (students), the nil uuid for educators, coaches and admins (perf/learner_data_key_policies). A read of the resolved context (not inlined: cheaper to plan); an InitPlan of the select policies of sessions, struggle events and interventions.';
COMMENT ON FUNCTION app_private.learner_data_learner_hi() IS
    'Highest learner_id whose learner data the acting person may read: their own learner id (students), the maximal uuid for educators, coaches and admins (perf/learner_data_key_policies).';
COMMENT ON FUNCTION app_private.learner_data_key_lo() IS
    'Lowest learner_data_key the acting person may read: the nil uuid (the key of learners who share) for anyone acting as a person, NULL (nothing) without one (perf/learner_data_key_policies).';
COMMENT ON FUNCTION app_private.learner_data_key_hi() IS
    'Highest learner_data_key the acting person may read: the nil uuid for educators and coaches (shared rows only; their own learner id if they have a learner profile), the maximal uuid for students (bounded by learner_id instead) and admins, NULL without a person (perf/learner_data_key_policies).';
COMMENT ON FUNCTION app_private.staff_own_visible_learner_ids() IS
    'For an educator or coach with a learner profile of their own: {nil uuid, own learner id}, the keys they may read inside their key range (shared rows and their own); NULL (no restriction) for everyone else. Keeps the learner-data select policies exact for staff who are also learners (perf/learner_data_key_policies).';
REVOKE ALL ON FUNCTION app_private.learner_data_learner_lo(), app_private.learner_data_learner_hi(),
    app_private.learner_data_key_lo(), app_private.learner_data_key_hi(), app_private.staff_own_visible_learner_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.learner_data_learner_lo(), app_private.learner_data_learner_hi(),
    app_private.learner_data_key_lo(), app_private.learner_data_key_hi(), app_private.staff_own_visible_learner_ids()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

DO $policies$
DECLARE
    t text;
    learner_index text;
    time_column text;
    noun text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        DROP FUNCTION app_private.learner_data_learner_lo(), app_private.learner_data_learner_hi(),
            app_private.learner_data_key_lo(), app_private.learner_data_key_hi(), app_private.staff_own_visible_learner_ids();
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
                       'learner_id >= (SELECT app_private.learner_data_learner_lo())'
                       ' AND learner_id <= (SELECT app_private.learner_data_learner_hi())'
                       ' AND learner_data_key >= (SELECT app_private.learner_data_key_lo())'
                       ' AND learner_data_key <= (SELECT app_private.learner_data_key_hi())'
                       ' AND (learner_data_key = ANY ((SELECT app_private.staff_own_visible_learner_ids())::uuid[])) IS NOT FALSE)',
                       t || '_select_app', t);
        EXECUTE format('COMMENT ON POLICY %I ON app.%I IS %L', t || '_select_app', t,
                       format('A student reads their own %s; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies).',
                              CASE t WHEN 'struggle_events' THEN 'struggle events' ELSE noun END));
    END LOOP;
END
$policies$;

COMMIT;
