-- Verify tenantdb:learning/consent on pg
BEGIN;

SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.visible_learner_ids()'::regprocedure;
SELECT 1 / (count(*) = 4)::int FROM pg_catalog.pg_policy
WHERE polname IN ('learner_profiles_select_app', 'learning_sessions_select_app', 'struggle_events_select_app',
                  'intervention_logs_select_app')
  AND pg_get_expr(polqual, polrelid) LIKE '%visible_learner_ids%';

ROLLBACK;
