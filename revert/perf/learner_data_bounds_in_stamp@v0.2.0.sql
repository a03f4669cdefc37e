-- Revert tenantdb:perf/learner_data_bounds_in_stamp from pg
-- The three select policies call app_private.visible_learner_ids_bound() again (policies and
-- comments as perf/learner_data_key_policies made them), bind_context() is perf/resolved_context's
-- again (a stamp without the four bounds), and the new functions go. On Citus the deploy changed
-- nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF pg_catalog.to_regprocedure('app_private.learner_data_bound(text,uuid,text)') IS NULL THEN
        RETURN;  -- deployed on Citus: nothing was changed
    END IF;
    ALTER POLICY learning_sessions_select_app ON app.learning_sessions USING (
        learner_id >= (SELECT app_private.visible_learner_ids_bound('learner_lo'))
        AND learner_id <= (SELECT app_private.visible_learner_ids_bound('learner_hi'))
        AND learner_data_key <= (SELECT app_private.visible_learner_ids_bound('key_hi'))
        AND (learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid,
             (SELECT app_private.visible_learner_ids_bound('staff_own_key'))])) IS NOT FALSE);
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies).';
    ALTER POLICY struggle_events_select_app ON app.struggle_events USING (
        learner_id >= (SELECT app_private.visible_learner_ids_bound('learner_lo'))
        AND learner_id <= (SELECT app_private.visible_learner_ids_bound('learner_hi'))
        AND learner_data_key <= (SELECT app_private.visible_learner_ids_bound('key_hi'))
        AND (learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid,
             (SELECT app_private.visible_learner_ids_bound('staff_own_key'))])) IS NOT FALSE);
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies).';
    ALTER POLICY intervention_logs_select_app ON app.intervention_logs USING (
        learner_id >= (SELECT app_private.visible_learner_ids_bound('learner_lo'))
        AND learner_id <= (SELECT app_private.visible_learner_ids_bound('learner_hi'))
        AND learner_data_key <= (SELECT app_private.visible_learner_ids_bound('key_hi'))
        AND (learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid,
             (SELECT app_private.visible_learner_ids_bound('staff_own_key'))])) IS NOT FALSE);
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies).';

CREATE OR REPLACE FUNCTION app_private.bind_context(tenant uuid, person uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    binding text := app_private.transaction_binding();
    tenant_text text := coalesce(tenant::text, '');
    person_text text := coalesce(person::text, '');
    stamp text := pg_catalog.current_setting('app.context_stamp', true);
    resolved record;
    unsigned_stamp text := binding || ':::{}:{}:{}:{}';
BEGIN
    -- Already the bound context of this transaction and called from a trigger (the audit
    -- trigger binds the row's tenant and the acting person around its insert): keep the
    -- resolved values, nothing to look up per row. app.set_context() always resolves afresh.
    IF pg_catalog.pg_trigger_depth() > 0
       AND pg_catalog.starts_with(coalesce(stamp, ''), binding || ':')
       AND pg_catalog.current_setting('app.tenant_id', true) = tenant_text
       AND pg_catalog.current_setting('app.user_id', true) = person_text
       AND app_private.context_signature_is_valid() THEN
        RETURN;
    END IF;
    IF person IS NOT NULL THEN
        -- The lookups read as the owner, under RLS: the ids must be bound first. Only sessions
        -- whose accessors check the HMAC (tenantdb_client members; superusers are members of
        -- every role) need it signed now; for the others the binding is the check, and a wrong
        -- guess here fails closed (42501 in the lookup), never open. Signed below in every case.
        PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
                pg_catalog.set_config('app.user_id', person_text, true),
                pg_catalog.set_config('app.context_stamp', unsigned_stamp || ':' ||
                    CASE WHEN pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
                         THEN app_private.resolved_context_signature(tenant_text, person_text, unsigned_stamp)
                         ELSE pg_catalog.repeat('0', 64) END, true);
        SELECT * INTO resolved FROM app_private.lookup_person_context();
        -- Fields never contain ':' (a role name, a uuid, uuid arrays); NULL is ''.
        unsigned_stamp := binding || ':' || coalesce(resolved.person_role, '') || ':' || coalesce(resolved.learner_id::text, '')
                          || ':' || resolved.course_ids::text || ':' || resolved.viewer_workspace_ids::text
                          || ':' || resolved.editor_workspace_ids::text || ':' || resolved.owner_workspace_ids::text;
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
            pg_catalog.set_config('app.user_id', person_text, true),
            pg_catalog.set_config('app.context_stamp',
                                  unsigned_stamp || ':' || app_private.resolved_context_signature(tenant_text, person_text, unsigned_stamp),
                                  true);
END
$function$;
COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
    'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed version-2 stamp app.context_stamp, which carries the acting person''s role, learner id, course and workspace ids resolved once here. A no-op when that context is already bound. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';

    COMMENT ON FUNCTION app_private.visible_learner_ids_bound(text) IS
        'A bound of the learner-data select policies (perf/learner_data_key_policies) for the acting person, from the resolved context: learner_lo/learner_hi, the learner_id range (a student''s own learner id; nil to max uuid for educators, coaches and admins); key_hi, the highest learner_data_key (nil for educators and coaches, their own learner id if they have a learner profile; max uuid for students and admins; the lowest is always nil, the key of learners who share); staff_own_key, the own learner id of an educator or coach with a learner profile (the only non-nil key they may read), else NULL. NULL for every bound without a person (nothing matches). Each is one InitPlan; one PL/pgSQL function so its expression state is built once per transaction. Definer only because client roles have no USAGE on app_private.';

    DROP FUNCTION app_private.unbound_visible_learner_ids_bound(text);
    DROP FUNCTION app_private.learner_data_bound(text, uuid, text);
END
$revert$;

COMMIT;
