-- Revert tenantdb:perf/interactions_staff_check_once from pg (reworked after @v0.4.0)
-- Back to the instance of @v0.4.0, on the parent and every partition's copy: the role test is
-- an InitPlan compared with 1.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
DECLARE
    relation regclass;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR relation IN
        SELECT 'app.interactions'::regclass
        UNION ALL
        SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
        WHERE i.inhparent = 'app.interactions'::regclass
          AND EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = i.inhrelid AND p.polname = 'interactions_select_app')
    LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY interactions_select_app ON %s USING (user_id = (SELECT app.current_user_id())'
            ' OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY[''educator'', ''coach'', ''admin'']))::integer) = 1)', relation);
        EXECUTE pg_catalog.format('COMMENT ON POLICY interactions_select_app ON %s IS %L', relation,
            'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): each partition''s filter compares one integer, not a search of three role names (perf/interactions_staff_check_once).');
    END LOOP;
END
$revert$;

COMMIT;
