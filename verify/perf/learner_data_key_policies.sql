-- Verify tenantdb:perf/learner_data_key_policies on pg
-- Without Citus: the three select policies compare learner_id and learner_data_key with the
-- person's bounds, without OR, and both indexes that serve them exist; with Citus: nothing.
BEGIN;

DO $verify$
DECLARE
    t text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app_private.visible_learner_ids_bound(text)') IS NOT NULL THEN
            RAISE EXCEPTION 'perf/learner_data_key_policies: must do nothing on Citus';
        END IF;
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies WHERE schemaname = 'app' AND tablename = t
                         AND policyname = t || '_select_app' AND qual LIKE '%visible_learner_ids_bound(''key_hi''%'
                         AND qual LIKE '%visible_learner_ids_bound(''learner_lo''%' AND qual NOT LIKE '% OR %') THEN
            RAISE EXCEPTION 'perf/learner_data_key_policies: % select policy does not bound learner and key', t;
        END IF;
        IF pg_catalog.to_regclass('app.' || t || '_data_key_idx') IS NULL THEN
            RAISE EXCEPTION 'perf/learner_data_key_policies: index app.%_data_key_idx missing', t;
        END IF;
    END LOOP;
END
$verify$;

ROLLBACK;
