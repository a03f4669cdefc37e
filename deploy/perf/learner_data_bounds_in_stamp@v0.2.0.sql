-- Deploy tenantdb:perf/learner_data_bounds_in_stamp to pg
-- Issue 13 (session 6): the four learner-data bounds of the select policies of
-- app.learning_sessions, app.struggle_events and app.intervention_logs
-- (perf/learner_data_key_policies: learner_lo, learner_hi, key_hi, staff_own_key) are computed once
-- per transaction by app_private.bind_context() and carried in the signed version-2 stamp, like
-- the role and the learner id they derive from (perf/resolved_context). The policies read each
-- bound from the stamp with an expression written out in the policy (the binding check, then
-- split_part() of fields 9 to 12), instead of four calls of the PL/pgSQL function
-- app_private.visible_learner_ids_bound(bound), whose first call in each transaction cost ~17 us
-- server-side (PL/pgSQL's per-transaction set-up) and ~3.6 us each after
-- (docs/benchmarks-analysis.md, "Session 6: the learner-data bounds in the stamp").
-- Written out, not an inlinable SQL function: the planner expands an inlinable function's body
-- from its stored node tree every time it plans a statement (four bounds, each with the inlined
-- context_is_current() and transaction_binding(), made planning an unprepared learner-data
-- statement 0.115 -> 0.251 ms), and a function it cannot inline runs an executor per call (a
-- STRICT LANGUAGE sql form: 21-29 us for the four). The policy's own node tree is planned as
-- stored: +0.015 ms planning, the four bounds 7 us instead of 26 us.
--
-- The stamp gains four fields AFTER the owner workspace ids and before the HMAC:
--   '<pid>:<us>:<role>:<learner id>:<{course ids}>:<{viewer+ ws}>:<{editor+ ws}>:<{owner ws}>'
--   || ':<learner_lo>:<learner_hi>:<key_hi>:<staff_own_key>:<HMAC>'
-- (fields 9 to 12; a uuid or '' for NULL). Every landed field position (split_part 3 to 8) and
-- left(stamp, -65) / right(stamp, 64) stay valid, and the HMAC covers the new fields (it covers
-- everything before it): a tenantdb_client session that edits a bound has no context (42501 from
-- app.current_tenant_id(), which the restrictive tenant_isolation of these tables calls once per
-- statement, as for every resolved_* lookup).
-- The binding check in each bound is app_private.context_is_current() written out
-- (starts_with(stamp, '<pid>:<transaction start in us>:'), transaction_binding()'s format): a
-- stamp that this transaction did not bind is never read; the bound then comes from
-- app_private.unbound_visible_learner_ids_bound(bound): looked up for superuser sessions with
-- hand-set ids, 42501 for everyone else. tests/test_learner_data_bounds_in_stamp.py checks the
-- written-out check against context_is_current().
-- The bounds follow the role and the learner id: the statement-level AFTER triggers of
-- perf/resolved_context that re-bind after writes to users and learner_profiles in the same
-- transaction re-run bind_context(), which writes the bounds again.
-- The truth table is unchanged and lives in one function, app_private.learner_data_bound(role,
-- learner, bound), used by bind_context() and by the superuser path. visible_learner_ids_bound()
-- stays (no policy calls it any more; the revert points the policies back at it).
-- On a database with the citus extension this change does nothing (perf/learner_data_key_policies
-- did nothing there either).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $bounds$
DECLARE
    -- A bound of the select policies read from the stamp: %s the field (9 to 12), %L the bound.
    -- The binding check is context_is_current()'s with NULLIF for its coalesce: an unset or empty
    -- stamp makes the WHEN NULL, which takes the ELSE branch as false would (and the lint's
    -- current_setting_without_missing_ok finds nothing to allow).
    bound_read constant text := $read$(SELECT CASE
        WHEN pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''),
                                    pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
                                        (pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint) || ':')
            THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', %s), '')::uuid
        ELSE app_private.unbound_visible_learner_ids_bound(%L)
    END)$read$;
    learner_table text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/learner_data_bounds_in_stamp: citus has no learner-data bounds, nothing to change';
        RETURN;
    END IF;

    -- The truth table of perf/learner_data_key_policies, as a function of the resolved role and
    -- learner id (immutable: reads nothing).
    CREATE FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text)
    RETURNS uuid
    LANGUAGE sql
    IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN person_role IS NULL THEN NULL
        WHEN bound = 'learner_lo' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE learner END
        WHEN bound = 'learner_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE learner END
        WHEN bound = 'key_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN coalesce(learner, '00000000-0000-0000-0000-000000000000'::uuid)
                 ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid END
        WHEN bound = 'staff_own_key' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN learner END
    END;
    COMMENT ON FUNCTION app_private.learner_data_bound(text, uuid, text) IS
        'A bound of the learner-data select policies for a person of the given role and learner profile id (the truth table of perf/learner_data_key_policies): learner_lo/learner_hi, the learner_id range (a student''s own learner id; nil to max uuid for educators, coaches and admins); key_hi, the highest learner_data_key (nil for educators and coaches, their own learner id if they have one; max uuid for students and admins); staff_own_key, the own learner id of an educator or coach, else NULL. NULL for every bound without a role (nothing matches). Computed once per transaction by bind_context() into the stamp (perf/learner_data_bounds_in_stamp); reads nothing.';
    REVOKE ALL ON FUNCTION app_private.learner_data_bound(text, uuid, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_private.learner_data_bound(text, uuid, text)
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    -- The branch a bound context never takes, as one non-inlined call (accessor_fast_path's
    -- unbound_* pattern): superuser sessions with hand-set ids look the person up, anything else
    -- is no context (42501). The policies call it when the stamp is not bound to this transaction.
    CREATE FUNCTION app_private.unbound_visible_learner_ids_bound(bound text)
    RETURNS uuid
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE
        WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
            THEN app_private.learner_data_bound((app_private.lookup_person_context()).person_role,
                                                (app_private.lookup_person_context()).learner_id, bound)
        ELSE app_private.reject_missing_context('app.tenant_id')
    END;
    COMMENT ON FUNCTION app_private.unbound_visible_learner_ids_bound(text) IS
        'A learner-data bound (learner_data_bound()) without a context bound to this transaction: looked up for superuser sessions with hand-set ids (lookup_person_context), 42501 for everyone else. The rare branch of the learner-data select policies'' bounds (perf/learner_data_bounds_in_stamp), taken when the stamp is not bound to this transaction.';
    REVOKE ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_private.unbound_visible_learner_ids_bound(text)
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    COMMENT ON FUNCTION app_private.visible_learner_ids_bound(text) IS
        'A bound of the learner-data select policies for the acting person (PL/pgSQL, from the resolved role and learner id). No policy calls it since perf/learner_data_bounds_in_stamp (they read the bounds from the stamp); kept so that change''s revert can point the policies back at it. Definer only because client roles have no USAGE on app_private.';

    -- bind_context() of perf/resolved_context, writing the four bounds after the owner workspace
    -- ids (before the HMAC, which covers them).
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

    -- The three select policies read the bounds from the stamp: the same expression as before,
    -- each (SELECT app_private.visible_learner_ids_bound('<bound>')) replaced by bound_read for the
    -- bound's field: the binding check (context_is_current() written out), the field, or the
    -- unbound path. One InitPlan per bound, as before.
    FOREACH learner_table IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY %I ON app.%I USING ('
            'learner_id >= %s AND learner_id <= %s AND learner_data_key <= %s'
            ' AND (learner_data_key = ANY (ARRAY[''00000000-0000-0000-0000-000000000000''::uuid, %s])) IS NOT FALSE)',
            learner_table || '_select_app', learner_table,
            pg_catalog.format(bound_read, 9, 'learner_lo'), pg_catalog.format(bound_read, 10, 'learner_hi'),
            pg_catalog.format(bound_read, 11, 'key_hi'), pg_catalog.format(bound_read, 12, 'staff_own_key'));
    END LOOP;
    COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
        'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
    COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
        'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
    COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
        'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); the bounds are read from the signed context stamp, fields 9 to 12, after the binding check (perf/learner_data_bounds_in_stamp).';
END
$bounds$;

COMMIT;
