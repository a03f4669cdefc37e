-- Revert tenantdb:citus/visible_learners_at_bind from pg
-- Removes the line the deploy added to bind_context(), restores staff_visible_learner_ids() from
-- the saved query function (same body, comment re-set as perf/learner_profiles_consent_row_local
-- left it) and drops the two functions the deploy created; without the citus extension nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    saved_comment text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.replace(pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure),
                               E'\n    PERFORM app_private.bind_visible_learner_ids();  -- citus/visible_learners_at_bind', '');
    EXECUTE pg_catalog.replace(
        pg_catalog.pg_get_functiondef('app_private.query_staff_visible_learner_ids()'::regprocedure),
        'FUNCTION app_private.query_staff_visible_learner_ids()', 'FUNCTION app_private.staff_visible_learner_ids()');
    saved_comment := 'Learner profile ids an educator, coach or admin may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Definer (owner, under learner_profiles_select_for_definer); called by resolved_visible_learner_ids() for those roles only.';
    EXECUTE pg_catalog.format('COMMENT ON FUNCTION app_private.staff_visible_learner_ids() IS %L', saved_comment);
    DROP FUNCTION app_private.bind_visible_learner_ids();
    DROP FUNCTION app_private.query_staff_visible_learner_ids();
END
$citus$;

COMMIT;
