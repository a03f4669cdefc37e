-- Deploy tenantdb:perf/bind_context_no_nested_calls to pg
-- Issue 13 (session 6): app.set_context() cost ~180 us per transaction server-side, most of it in
-- app_private.bind_context()'s two nested SECURITY DEFINER calls, not in their work
-- (docs/benchmarks-analysis.md, "Session 6: the cost of set_context()"; pg_stat_statements with
-- track = all, pgbench -M prepared, tenantdb_app login):
--   * app_private.resolved_context_signature() (a SQL function with SET search_path, run by its
--     own executor on every call): ~40 us per signature, of which the HMAC is a few us;
--   * app_private.lookup_person_context() (PL/pgSQL, SET search_path, app.current_tenant_id() and
--     app.current_user_id() evaluated again): ~96 us per call around its one statement of ~28 us.
-- bind_context() is already SECURITY DEFINER with the same owner and the same fixed search_path,
-- so it now does both itself:
--   * it reads the signing key once (one row of app_private.context_signing_key) and writes the
--     HMAC out: the same bytes as resolved_context_signature() ('tenantdb-context-v2|tenant|person|'
--     || unsigned stamp, hmac_sha256(), hex), for the first (tenantdb_client sessions only) and
--     the final signature;
--   * it runs lookup_person_context()'s statement itself with the ids it has just bound (the
--     function read the same ids back through current_tenant_id()/current_user_id()); the four
--     tables' policies still check the bound context during that statement, as before.
-- Same stamp, same signature, same checks, same errors; the trigger short cut is unchanged.
-- resolved_context_signature() and lookup_person_context() stay (the superuser path of the
-- learner-data bounds and the Citus variants call them). On a database with the citus extension
-- this change does nothing (citus/* changes rewrote bind_context() there from its text).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $nested$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/bind_context_no_nested_calls: bind_context() has Citus variants, nothing to change';
        RETURN;
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
    -- The signing key, read once (resolved_context_signature()'s HMAC written out below).
    key_inner_pad bytea;
    key_outer_pad bytea;
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
    SELECT k.inner_pad, k.outer_pad INTO key_inner_pad, key_outer_pad FROM app_private.context_signing_key k;
    IF person IS NOT NULL THEN
        -- The lookups read as the owner, under RLS: the ids must be bound first. Only sessions
        -- whose accessors check the HMAC (tenantdb_client members; superusers are members of
        -- every role) need it signed now; for the others the binding is the check, and a wrong
        -- guess here fails closed (42501 in the lookup), never open. Signed below in every case.
        PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
                pg_catalog.set_config('app.user_id', person_text, true),
                pg_catalog.set_config('app.context_stamp', unsigned_stamp || ':' ||
                    CASE WHEN pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
                         THEN pg_catalog.encode(app_private.hmac_sha256(key_inner_pad, key_outer_pad,
                                  pg_catalog.convert_to('tenantdb-context-v2|' || tenant_text || '|' || person_text || '|' || unsigned_stamp, 'UTF8')), 'hex')
                         ELSE pg_catalog.repeat('0', 64) END, true);
        -- lookup_person_context()'s statement, run here with the ids just bound (the policies of
        -- the four tables still check the bound context): one statement, four index probes.
        SELECT (SELECT u.role FROM app.users u WHERE u.tenant_id = tenant AND u.id = person)::text AS person_role,
               (SELECT lp.id FROM app.learner_profiles lp WHERE lp.tenant_id = tenant AND lp.user_id = person) AS learner_id,
               (SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
                FROM app.enrollments e WHERE e.tenant_id = tenant AND e.user_id = person)::uuid[] AS course_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id), '{}')::uuid[] AS viewer_workspace_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role IN ('editor', 'owner')), '{}')::uuid[] AS editor_workspace_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role = 'owner'), '{}')::uuid[] AS owner_workspace_ids
        INTO resolved
        FROM app.workspace_members m WHERE m.tenant_id = tenant AND m.user_id = person;
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
            pg_catalog.set_config('app.context_stamp', unsigned_stamp || ':' ||
                pg_catalog.encode(app_private.hmac_sha256(key_inner_pad, key_outer_pad,
                    pg_catalog.convert_to('tenantdb-context-v2|' || tenant_text || '|' || person_text || '|' || unsigned_stamp, 'UTF8')), 'hex'),
                true);
END
$function$;
    COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
        'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed version-2 stamp app.context_stamp, which carries the acting person''s role, learner id, course and workspace ids and the four learner-data bounds (learner_data_bound()) resolved once here. Signs with the key of app_private.context_signing_key read once, the HMAC of resolved_context_signature() written out, and looks the person up with lookup_person_context()''s statement run here (perf/bind_context_no_nested_calls: no nested definer calls). A no-op when that context is already bound. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';
END
$nested$;

COMMIT;
