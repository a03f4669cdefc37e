-- Verify tenantdb:perf/interactions_staff_check_once on pg (reworked after @v0.4.0)
-- The read policy of app.interactions, on the parent and on every partition's copy, ends with the
-- role test as one InitPlan tested IS NULL (NULL for staff, 0 for anyone else; plain PostgreSQL:
-- on Citus, which owns the policy texts through citus/policies, nothing is checked here).
BEGIN;

DO $verify$
DECLARE
    -- pg_get_expr() lays CASE out over several lines: compared with runs of white space as one space.
    expected constant text := '((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT CASE WHEN (app_private.resolved_person_role() = ANY (ARRAY[''educator''::text, ''coach''::text, ''admin''::text])) THEN NULL::integer ELSE 0 END AS "case") IS NULL))';
    relation regclass;
    definition text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR relation IN
        SELECT 'app.interactions'::regclass
        UNION ALL
        SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i WHERE i.inhparent = 'app.interactions'::regclass
    LOOP
        SELECT pg_catalog.regexp_replace(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '\s+', ' ', 'g') INTO definition
        FROM pg_catalog.pg_policy p WHERE p.polrelid = relation AND p.polname = 'interactions_select_app';
        IF definition IS DISTINCT FROM expected THEN
            RAISE EXCEPTION 'perf/interactions_staff_check_once: interactions_select_app on % is not the role InitPlan tested IS NULL: %', relation, definition;
        END IF;
    END LOOP;
END
$verify$;

ROLLBACK;
