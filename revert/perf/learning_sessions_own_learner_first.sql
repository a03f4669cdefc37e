-- Revert tenantdb:perf/learning_sessions_own_learner_first from pg
-- Back to the policy perf/resolved_context left: membership in the array of visible learner ids.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER POLICY learning_sessions_select_app ON app.learning_sessions
        USING (learner_id = ANY ((SELECT app_private.resolved_visible_learner_ids())::uuid[]));
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data; admins all. An index condition on learner_id.';
END
$revert$;

COMMIT;
