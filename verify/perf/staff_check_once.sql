-- Verify tenantdb:perf/staff_check_once on pg (the instance reworked after @v0.3.0)
-- The five staff-wide read policies answer the role question with one InitPlan compared with 1
-- (plain PostgreSQL): users, courses, documents and document_chunks after the own-row test,
-- enrollments before it.
BEGIN;

SELECT 1 / (count(*) = 4)::int FROM pg_catalog.pg_policy p
WHERE (p.polrelid, p.polname) IN (('app.users'::regclass, 'users_select_app'),
                                  ('app.courses'::regclass, 'courses_select_app'),
                                  ('app.documents'::regclass, 'documents_select_app'),
                                  ('app.document_chunks'::regclass, 'document_chunks_select_app'))
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR pg_catalog.pg_get_expr(p.polqual, p.polrelid)
          LIKE '% OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text, ''admin''::text])))::integer AS int4) = 1))');

SELECT 1 / (count(*) = 1)::int FROM pg_catalog.pg_policy p
WHERE p.polrelid = 'app.enrollments'::regclass AND p.polname = 'enrollments_select_app'
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR pg_catalog.pg_get_expr(p.polqual, p.polrelid)
          = '((( SELECT ((app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text, ''admin''::text])))::integer AS int4) = 1) OR (user_id = ( SELECT app.current_user_id() AS current_user_id)))');

ROLLBACK;
