-- Verify tenantdb:perf/interactions_staff_check_once on pg
-- The read policy of app.interactions, on the parent and on every partition's copy, ends with the
-- role test as one InitPlan compared with 1 (plain PostgreSQL; on Citus nothing is checked here).
BEGIN;

SELECT 1 / (count(*) = count(*) FILTER (
               WHERE EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
                  OR pg_catalog.pg_get_expr(p.polqual, p.polrelid)
                     = '((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text, ''admin''::text])))::integer AS int4) = 1))')
            AND count(*) >= 1 + (SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = 'app.interactions'::regclass))::int
FROM pg_catalog.pg_policy p
WHERE p.polname = 'interactions_select_app'
  AND (p.polrelid = 'app.interactions'::regclass
       OR p.polrelid IN (SELECT inhrelid FROM pg_catalog.pg_inherits WHERE inhparent = 'app.interactions'::regclass));

ROLLBACK;
