-- Verify tenantdb:perf/accessor_fast_path on pg
-- The accessors cast a bound context directly (no context_uuid(), whose regular expression ran
-- per call, on the bound path) and keep their rare branches in one call each. On Citus the
-- PL/pgSQL accessors stay.
BEGIN;

SELECT 1 / (count(*) = 7)::int FROM pg_catalog.pg_proc p
WHERE p.oid IN ('app.current_tenant_id()'::regprocedure, 'app.current_user_id()'::regprocedure,
                'app_private.resolved_person_role()'::regprocedure, 'app_private.resolved_learner_id()'::regprocedure,
                'app_private.resolved_course_ids()'::regprocedure, 'app_private.resolved_workspace_ids(text)'::regprocedure,
                'app_private.resolved_visible_learner_ids()'::regprocedure)
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR (pg_catalog.pg_get_functiondef(p.oid) ~ 'ELSE \(?app_private\.unbound_(context_uuid|resolved_value)\('
           AND pg_catalog.pg_get_functiondef(p.oid) !~ '\.context_uuid\(|lookup_person_context|reject_missing_context'));

SELECT 1 / (has_function_privilege('tenantdb_app', 'app_private.unbound_context_uuid(text)', 'EXECUTE')
            AND has_function_privilege('tenantdb_client', 'app_private.unbound_resolved_value(text)', 'EXECUTE'))::int
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');

ROLLBACK;
