-- Verify tenantdb:perf/learner_profiles_roster_estimate on pg
-- The roster policy's role tests are boolean InitPlans (plain PostgreSQL; Citus keeps its own text).
BEGIN;

SELECT 1 / count(*)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.learner_profiles'::regclass AND p.polname = 'learner_profiles_select_app'
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR (pg_catalog.pg_get_expr(p.polqual, p.polrelid)
               LIKE '%( SELECT (app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text]))) AND %'
           AND pg_catalog.pg_get_expr(p.polqual, p.polrelid)
               LIKE '%( SELECT (app_private.resolved_person_role() = ''admin''::text)))'));

ROLLBACK;
