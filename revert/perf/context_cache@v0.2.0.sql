-- Revert tenantdb:perf/context_cache from pg
-- The accessors get their SQL bodies back (binding check, roles, HMAC per statement),
-- bind_context() no longer remembers what it binds, and the tenantdb_context extension goes.
-- Where the deploy did nothing (no extension, Citus, not a superuser), so does this.
BEGIN;

DO $revert$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context') THEN
        RETURN;  -- the deploy changed nothing here
    END IF;
    CREATE OR REPLACE FUNCTION app.current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN (app_private.context_is_current() AND ((NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) OR (NOT (pg_has_role(SESSION_USER, 'tenantdb_client'::name, 'MEMBER'::text) OR pg_has_role(CURRENT_USER, 'tenantdb_client'::name, 'MEMBER'::text))) OR app_private.context_signature_is_valid())) THEN (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid ELSE app_private.unbound_context_uuid('app.tenant_id'::text) END;
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. A bound context is cast directly (bind_context wrote it from a uuid); only superuser sessions with hand-set values go through context_uuid(). Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

    CREATE OR REPLACE FUNCTION app.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN (NULLIF(current_setting('app.user_id'::text, true), ''::text))::uuid ELSE app_private.unbound_context_uuid('app.user_id'::text) END;
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. A bound context is cast directly; only superuser sessions with hand-set values go through context_uuid(). Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes.';

    CREATE OR REPLACE FUNCTION app.bound_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN (app_private.context_is_current() AND ((NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) OR (NOT (pg_has_role(SESSION_USER, 'tenantdb_client'::name, 'MEMBER'::text) OR pg_has_role(CURRENT_USER, 'tenantdb_client'::name, 'MEMBER'::text))) OR app_private.context_signature_is_valid())) THEN (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid ELSE NULL::uuid END;
    COMMENT ON FUNCTION app.bound_tenant_id() IS
        'The tenant of a context bound to this transaction (app.set_context / app.set_token; for tenantdb_client sessions with a right HMAC), as app.current_tenant_id() returns it, else NULL instead of 42501. The accessor''s own test, written out (SQL-standard body: client sessions run it without USAGE on app_private). For checks (the write guard''s fast path, perf/write_guard_fast_path), not for queries: a query must fail without a context, so policies and queries use app.current_tenant_id().';

    CREATE OR REPLACE FUNCTION app_private.resolved_person_role()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, 3), ''::text) ELSE app_private.unbound_resolved_value('person_role'::text) END;
    COMMENT ON FUNCTION app_private.resolved_person_role() IS
        'Role (student, educator, coach, admin) of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp (no query per statement); NULL without a person; 42501 without a context. For tenantdb_client sessions the stamp''s HMAC, which covers it, is checked once per statement by app.current_tenant_id(). Inlined into policies.';

    CREATE OR REPLACE FUNCTION app_private.resolved_learner_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN (NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, 4), ''::text))::uuid ELSE (app_private.unbound_resolved_value('learner_id'::text))::uuid END;
    COMMENT ON FUNCTION app_private.resolved_learner_id() IS
        'Learner profile id of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; NULL when they have none; 42501 without a context. Inlined into policies.';

    CREATE OR REPLACE FUNCTION app_private.resolved_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN (COALESCE(NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, 5), ''::text), '{}'::text))::uuid[] ELSE (app_private.unbound_resolved_value('course_ids'::text))::uuid[] END;
    COMMENT ON FUNCTION app_private.resolved_course_ids() IS
        'Ids of the courses the acting person is enrolled in, in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person; 42501 without a context. Inlined into policies.';

    CREATE OR REPLACE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN (COALESCE(NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, (5 + array_position(ARRAY['viewer'::text, 'editor'::text, 'owner'::text], min_member_role))), ''::text), '{}'::text))::uuid[] ELSE (app_private.unbound_resolved_value(min_member_role))::uuid[] END;
    COMMENT ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) IS
        'Ids of the workspaces where the acting person has at least the given member role (viewer < editor < owner), in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person or for an unknown member role; 42501 without a context. Inlined into policies.';

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

    DROP EXTENSION tenantdb_context;
    DROP SCHEMA tenantdb_context;
END
$revert$;

COMMIT;
