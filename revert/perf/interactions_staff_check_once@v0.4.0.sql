-- Revert tenantdb:perf/interactions_staff_check_once from pg
-- Back to the policy perf/resolved_context left, on the parent and every partition's copy: the
-- own-row test first, the role compared in the row filter.
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
            ' OR (SELECT app_private.resolved_person_role()) = ANY (ARRAY[''educator'', ''coach'', ''admin'']))', relation);
        EXECUTE pg_catalog.format('COMMENT ON POLICY interactions_select_app ON %s IS %L', relation,
            'Students see their own interactions; educators, coaches and admins see all of the tenant''s.');
    END LOOP;
END
$revert$;

COMMIT;
