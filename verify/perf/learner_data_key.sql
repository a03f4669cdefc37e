-- Verify tenantdb:perf/learner_data_key on pg
-- Without Citus: the key column on the three learner-data tables, NOT NULL and true for every
-- row, and the triggers that keep it so; with Citus: nothing changed.
BEGIN;

DO $verify$
DECLARE
    citus boolean := EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');
    t text;
    wrong bigint;
BEGIN
    IF citus THEN
        IF pg_catalog.to_regprocedure('app_private.fill_learner_data_key()') IS NOT NULL THEN
            RAISE EXCEPTION 'perf/learner_data_key: must do nothing on Citus';
        END IF;
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute
                       WHERE attrelid = pg_catalog.to_regclass('app.' || t) AND attname = 'learner_data_key'
                         AND attnotnull AND NOT attisdropped) THEN
            RAISE EXCEPTION 'perf/learner_data_key: app.%.learner_data_key missing or nullable', t;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger
                       WHERE tgrelid = pg_catalog.to_regclass('app.' || t) AND tgname = 'learner_data_key_fill') THEN
            RAISE EXCEPTION 'perf/learner_data_key: trigger learner_data_key_fill missing on app.%', t;
        END IF;
        EXECUTE format($q$SELECT count(*) FROM app.%I x JOIN app.learner_profiles lp
                          ON lp.tenant_id = x.tenant_id AND lp.id = x.learner_id
                          WHERE x.learner_data_key IS DISTINCT FROM
                                CASE WHEN coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'
                                     THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE x.learner_id END$q$, t)
            INTO wrong;
        IF wrong > 0 THEN
            RAISE EXCEPTION 'perf/learner_data_key: % rows of app.% carry a key that is not their learner''s consent', wrong, t;
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'app.learner_profiles'::regclass AND tgname = 'learner_data_key_sync') THEN
        RAISE EXCEPTION 'perf/learner_data_key: trigger learner_data_key_sync missing on app.learner_profiles';
    END IF;
    IF (SELECT pg_catalog.pg_get_userbyid(proowner) FROM pg_catalog.pg_proc
        WHERE oid = 'app_private.sync_learner_data_key()'::regprocedure) <> 'tenantdb_learner_data_keeper' THEN
        RAISE EXCEPTION 'perf/learner_data_key: the trigger functions must run as tenantdb_learner_data_keeper';
    END IF;
END
$verify$;

ROLLBACK;
