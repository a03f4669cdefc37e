-- Verify tenantdb:perf/learner_profiles_consent_row_local on pg
-- The roster policy decides consent from the row: no array of visible learner ids (plain PostgreSQL).
BEGIN;

SELECT 1 / (NOT p.prosecdef)::int FROM pg_catalog.pg_proc p WHERE p.oid = 'app_private.own_visible_learner_ids()'::regprocedure;

SELECT 1 / count(*)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.learner_profiles'::regclass AND p.polname = 'learner_profiles_select_app'
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR (pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%data_sharing%'
           AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) NOT LIKE '%resolved_visible_learner_ids%'));

ROLLBACK;
