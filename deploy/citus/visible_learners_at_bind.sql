-- Deploy tenantdb:citus/visible_learners_at_bind to pg
-- On a Citus cluster only: the learner profiles an educator, coach or admin may see are resolved
-- once, when app_private.bind_context() binds the context on the coordinator, instead of by a
-- query on every call of app_private.staff_visible_learner_ids(). That query reads
-- app.learner_profiles (distributed); the policies of app.learner_profiles,
-- app.learning_sessions, app.intervention_logs, ... call it inside the shard query on a worker,
-- where Citus refuses it: "cannot execute a distributed query from a query on a shard"
-- (measured: tests/citus test_a_person_sees_only_their_tenant_in_every_tenant_table; and
-- `tenantdb prove` stopped at its first admin read). So on Citus:
--   * app_private.bind_visible_learner_ids() (called at the end of bind_context(), on the
--     coordinator, where the query is an ordinary distributed query) stores
--     '<binding>|<uuid[]>|<signature>' in app.visible_learner_ids with SET LOCAL (which Citus
--     forwards to the workers). The signature is the context HMAC (resolved_context_signature)
--     over 'visible-learners|<binding>|<uuid[]>' with the tenant and the person, so it can never
--     be taken for, or replayed as, a context stamp;
--   * app_private.staff_visible_learner_ids() returns the stored set when it belongs to this
--     transaction (its binding) and, for tenantdb_client sessions (untrusted: they could SET LOCAL
--     it themselves), when its signature is valid; otherwise it runs its query as before (on the
--     coordinator that works; inside a shard query it is refused: fail closed, never open).
-- The set is as of app.set_context() for the rest of the transaction (a consent withdrawn by a
-- learner in another transaction shows from the next one; on plain PostgreSQL, from the next
-- statement). Without the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    definition text;
    marker CONSTANT text := E'\n    PERFORM app_private.forward_context_to_workers();  -- citus/set_local_context';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/visible_learners_at_bind: no citus extension here, nothing to change';
        RETURN;
    END IF;

    -- the query of staff_visible_learner_ids() as it was, kept for the coordinator
    EXECUTE pg_catalog.replace(
        pg_catalog.pg_get_functiondef('app_private.staff_visible_learner_ids()'::regprocedure),
        'FUNCTION app_private.staff_visible_learner_ids()', 'FUNCTION app_private.query_staff_visible_learner_ids()');
    REVOKE ALL ON FUNCTION app_private.query_staff_visible_learner_ids() FROM PUBLIC;
    COMMENT ON FUNCTION app_private.query_staff_visible_learner_ids() IS
        'Citus only (citus/visible_learners_at_bind): the query staff_visible_learner_ids() ran before (learner profiles an educator, coach or admin may read), run on the coordinator by bind_visible_learner_ids() and as the fallback. Definer (owner, under learner_profiles_select_for_definer). Owner only.';

    CREATE FUNCTION app_private.bind_visible_learner_ids()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        binding text := app_private.transaction_binding();
        ids text := '';
        value text;
    BEGIN
        IF NULLIF(pg_catalog.current_setting('app.user_id', true), '') IS NOT NULL
           AND app_private.resolved_person_role() IN ('educator', 'coach', 'admin') THEN
            ids := app_private.query_staff_visible_learner_ids()::text;
            value := binding || '|' || ids || '|'
                     || app_private.resolved_context_signature(pg_catalog.current_setting('app.tenant_id', true),
                                                               pg_catalog.current_setting('app.user_id', true),
                                                               'visible-learners|' || binding || '|' || ids);
        ELSE
            value := '';
        END IF;
        -- SET LOCAL (not set_config()): Citus forwards it to the workers of this transaction
        EXECUTE pg_catalog.format('SET LOCAL app.visible_learner_ids = %L', value);
    END
    $function$;
    REVOKE ALL ON FUNCTION app_private.bind_visible_learner_ids() FROM PUBLIC;
    COMMENT ON FUNCTION app_private.bind_visible_learner_ids() IS
        'Citus only (citus/visible_learners_at_bind): called by bind_context() on the coordinator; stores the acting educator''s, coach''s or admin''s visible learner profile ids in app.visible_learner_ids as ''<binding>|<uuid[]>|<HMAC>'' (empty for other roles) with SET LOCAL, which Citus forwards to the workers. Definer (reads the profiles as the owner). Owner only.';

    CREATE OR REPLACE FUNCTION app_private.staff_visible_learner_ids()
    RETURNS uuid[]
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        stored text := NULLIF(pg_catalog.current_setting('app.visible_learner_ids', true), '');
        binding text := app_private.transaction_binding();
        ids text := pg_catalog.split_part(coalesce(stored, ''), '|', 2);
    BEGIN
        IF stored IS NOT NULL AND pg_catalog.split_part(stored, '|', 1) = binding
           AND (NOT (pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
                     OR pg_catalog.pg_has_role(current_user, 'tenantdb_client', 'MEMBER'))
                OR pg_catalog.split_part(stored, '|', 3)
                   = app_private.resolved_context_signature(pg_catalog.current_setting('app.tenant_id', true),
                                                            pg_catalog.current_setting('app.user_id', true),
                                                            'visible-learners|' || binding || '|' || ids)) THEN
            RETURN ids::uuid[];
        END IF;
        RETURN app_private.query_staff_visible_learner_ids();
    END
    $function$;
    COMMENT ON FUNCTION app_private.staff_visible_learner_ids() IS
        'Learner profile ids an educator, coach or admin may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. On Citus (citus/visible_learners_at_bind): the set bind_context() stored in app.visible_learner_ids for this transaction (its HMAC checked for tenantdb_client sessions), else the query (refused inside a shard query: fail closed). Definer; called by resolved_visible_learner_ids() for those roles only.';

    definition := pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure);
    IF pg_catalog.strpos(definition, marker) = 0 THEN
        RAISE EXCEPTION 'citus/visible_learners_at_bind: app_private.bind_context() does not end as citus/set_local_context left it';
    END IF;
    EXECUTE pg_catalog.replace(definition, marker,
                               E'\n    PERFORM app_private.bind_visible_learner_ids();  -- citus/visible_learners_at_bind' || marker);
END
$citus$;

COMMIT;
