-- Verify tenantdb:perf/learning_sessions_own_learner_first on pg
-- The learning sessions policy compares the own learner id first (plain PostgreSQL).
BEGIN;

SELECT 1 / count(*)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.learning_sessions'::regclass AND p.polname = 'learning_sessions_select_app'
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '((learner_id = ( SELECT app_private.resolved_learner_id()%) OR (learner_id = ANY (( SELECT app_private.resolved_visible_learner_ids()%');

ROLLBACK;
