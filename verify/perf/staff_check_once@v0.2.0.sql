-- Verify tenantdb:perf/staff_check_once on pg
-- The five staff-wide read policies end with the role test as one InitPlan compared with 1 (plain PostgreSQL).
BEGIN;

SELECT 1 / (count(*) = 5)::int FROM pg_catalog.pg_policy p
WHERE (p.polrelid, p.polname) IN (('app.users'::regclass, 'users_select_app'),
                                  ('app.courses'::regclass, 'courses_select_app'),
                                  ('app.enrollments'::regclass, 'enrollments_select_app'),
                                  ('app.documents'::regclass, 'documents_select_app'),
                                  ('app.document_chunks'::regclass, 'document_chunks_select_app'))
  AND (EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR pg_catalog.pg_get_expr(p.polqual, p.polrelid)
          LIKE '% OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text, ''admin''::text])))::integer AS int4) = 1))');

ROLLBACK;
