-- PROTOTYPE, for scratch copies only (issue 13, session 4, docs/benchmarks-analysis.md): the
-- row-local consent design for the learner-data policies, applied by hand so that its reads can
-- be measured. It is not a plan change: it has no triggers that keep the key current, no revert,
-- and it has not been linted or proved. It refuses to run unless the database name ends in
-- _proto. Run as the superuser:
--   createdb -T tenantdb_bench_quick s4e_proto   (or CREATE DATABASE s4e_proto TEMPLATE ...)
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/s4e_proto" -f sql/bench/prototype_learner_data_key.sql
-- What it does, on app.learning_sessions, app.struggle_events and app.intervention_logs:
--   * learner_data_key uuid: the nil uuid when the row's learner shares their data
--     (privacy_settings.data_sharing not none), else the learner_id (backfilled once);
--   * the select policy <table>_select_app, without OR:
--       learner_id >= lo AND learner_id <= hi AND (learner_data_key = ANY(keys)) IS NOT FALSE
--     with lo/hi the person's own learner id for students (the whole uuid range for staff) and
--     keys {nil, own learner id} (NULL for admins: every row). All three read the bound stamp.
\set ON_ERROR_STOP 1
DO $guard$
BEGIN
    IF pg_catalog.current_database() NOT LIKE '%\_proto' THEN
        RAISE EXCEPTION 'prototype_learner_data_key.sql runs only on a scratch copy whose name ends in _proto, not on %',
            pg_catalog.current_database();
    END IF;
END
$guard$;
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE FUNCTION app_private.proto_learner_lo() RETURNS uuid LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
         THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE app_private.resolved_learner_id() END;
CREATE FUNCTION app_private.proto_learner_hi() RETURNS uuid LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
         THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE app_private.resolved_learner_id() END;
CREATE FUNCTION app_private.proto_learner_keys() RETURNS uuid[] LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() = 'admin' THEN NULL::uuid[]
         ELSE pg_catalog.array_remove(ARRAY['00000000-0000-0000-0000-000000000000'::uuid, app_private.resolved_learner_id()], NULL) END;
GRANT EXECUTE ON FUNCTION app_private.proto_learner_lo(), app_private.proto_learner_hi(), app_private.proto_learner_keys()
    TO tenantdb_app;
DO $proto$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE format('ALTER TABLE app.%I ADD COLUMN learner_data_key uuid', t);
        EXECUTE format($u$UPDATE app.%I x SET learner_data_key =
                              CASE WHEN coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'
                                   THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE x.learner_id END
                          FROM app.learner_profiles lp WHERE lp.tenant_id = x.tenant_id AND lp.id = x.learner_id$u$, t);
        EXECUTE format('ALTER TABLE app.%I ALTER COLUMN learner_data_key SET NOT NULL', t);
        EXECUTE format('ALTER POLICY %I ON app.%I USING (learner_id >= (SELECT app_private.proto_learner_lo())'
                       ' AND learner_id <= (SELECT app_private.proto_learner_hi())'
                       ' AND (learner_data_key = ANY ((SELECT app_private.proto_learner_keys())::uuid[])) IS NOT FALSE)',
                       t || '_select_app', t);
        EXECUTE format('ANALYZE app.%I', t);
    END LOOP;
END
$proto$;
COMMIT;
