-- Verify tenantdb:perf/learner_data_bounds_remembered on pg
-- With tenantdb_context: each of the three learner-data select policies asks the remembered
-- context first for each of its four bounds, and still has no OR. Without the extension: nothing.
BEGIN;

DO $verify$
DECLARE
    t text;
    definition text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context') THEN
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        SELECT qual INTO definition FROM pg_catalog.pg_policies
        WHERE schemaname = 'app' AND tablename = t AND policyname = t || '_select_app';
        IF definition IS NULL
           OR (SELECT pg_catalog.count(*) FROM pg_catalog.regexp_matches(definition,
                   'WHEN tenantdb_context\.bound_context_is_remembered\(\) THEN tenantdb_context\.remembered_learner_data_bound\(''(learner_lo|learner_hi|key_hi|staff_own_key)''::text\)', 'g')) <> 4
           OR definition LIKE '% OR %' THEN
            RAISE EXCEPTION 'perf/learner_data_bounds_remembered: % select policy does not ask the remembered context for its bounds', t;
        END IF;
    END LOOP;
    IF pg_catalog.has_function_privilege('tenantdb_client', 'tenantdb_context.remembered_learner_data_bound(text)', 'EXECUTE') IS NOT TRUE THEN
        RAISE EXCEPTION 'perf/learner_data_bounds_remembered: client roles must be able to run the policies'' bounds';
    END IF;
END
$verify$;

ROLLBACK;
