-- Revert tenantdb:perf/bind_context_no_nested_calls from pg
-- bind_context() is perf/learner_data_bounds_in_stamp's again (it calls
-- resolved_context_signature() and lookup_person_context()). On Citus the deploy changed nothing
-- and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;  -- deployed on Citus: nothing was changed
    END IF;

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
    -- Without a person: no role, learner, course or workspace ids, and every learner-data bound
    -- NULL (perf/learner_data_bounds_in_stamp: fields 9 to 12, nothing matches).
    unsigned_stamp text := binding || ':::{}:{}:{}:{}::::';
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
                          || ':' || resolved.editor_workspace_ids::text || ':' || resolved.owner_workspace_ids::text
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'learner_lo')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'learner_hi')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'key_hi')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'staff_own_key')::text, '');
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
            pg_catalog.set_config('app.user_id', person_text, true),
            pg_catalog.set_config('app.context_stamp',
                                  unsigned_stamp || ':' || app_private.resolved_context_signature(tenant_text, person_text, unsigned_stamp),
                                  true);
END
$function$;
    COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
        'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed version-2 stamp app.context_stamp, which carries the acting person''s role, learner id, course and workspace ids and the four learner-data bounds (learner_data_bound()) resolved once here. A no-op when that context is already bound. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';
END
$revert$;

COMMIT;
