-- Deploy tenantdb:perf/context_cache to pg
-- Issue 13: every table reference under RLS ran at least one InitPlan of an accessor that
-- re-checked the context stamp in SQL: the binding (pid and transaction start), the session's
-- roles and, for tenantdb_client sessions, the HMAC (four SHA-256 in SQL, ~31 us). A point query's
-- floor runs in 10-15 us on the server, so no SQL check could keep the RLS/floor ratio near 1.
--
-- The tenantdb_context extension (C, ext/tenantdb_context, built by `tenantdb setup`) remembers in
-- backend memory the context app_private.bind_context() binds: each time bind_context() sets the
-- context it calls tenantdb_context.remember_bound_context(), which copies app.context_stamp, app.tenant_id
-- and app.user_id exactly as they are and parses the stamp once. Only tenantdb_owner may execute
-- it, and no SQL can write that memory; it is emptied at the end of every transaction.
-- The accessors (app.current_tenant_id(), current_user_id(), bound_tenant_id() and the resolved_*
-- lookups) stay inlinable SQL functions of the same names and shapes, with a new body: when
-- tenantdb_context.bound_context_is_remembered() (the three settings are now, byte for byte, a
-- context remembered in this transaction: three setting lookups and comparisons, at most 32
-- entries) they return the remembered value; otherwise their rare branch as before
-- (unbound_context_uuid / unbound_resolved_value: a superuser's hand-set ids, else 42501). No
-- binding check, role test or HMAC per statement: a remembered context is one bind_context() wrote
-- in this transaction, what those checks established. A trusted role's hand-made stamp, which the
-- binding check alone accepted, is no context any more.
-- The learner-data select policies keep their written-out bounds (their verify scripts pin them).
--
-- An accelerator, not a requirement: on a server without the extension (it needs a superuser to
-- install a C library), or with Citus (the shard queries run in other backends), or when deployed
-- by a role that is not a superuser, this change does nothing and says so; the accessors stay as they are.
BEGIN;

DO $cache$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/context_cache: with Citus the policies run in other backends, nothing to change';
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'tenantdb_context') THEN
        RAISE NOTICE 'perf/context_cache: the tenantdb_context extension is not installed on this server; the accessors stay as they are'
            USING HINT = 'To use it: make -C ext/tenantdb_context PG_CONFIG=<the server''s pg_config> install, then revert and deploy this change (docs/operations.md).';
        RETURN;
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE NOTICE 'perf/context_cache: % is not a superuser and cannot create the C extension; the accessors stay as they are', current_user
            USING HINT = 'Deploy as a superuser to use the tenantdb_context extension (docs/operations.md).';
        RETURN;
    END IF;

    CREATE SCHEMA tenantdb_context;
    ALTER SCHEMA tenantdb_context OWNER TO tenantdb_owner;
    CREATE EXTENSION tenantdb_context WITH SCHEMA tenantdb_context;
    COMMENT ON SCHEMA tenantdb_context IS
        'The tenantdb_context extension (C): remember_bound_context() (tenantdb_owner only, called by bind_context()), bound_context_is_remembered() and the remembered_*() readers the context accessors inline.';
    -- USAGE for the owner only: clients run the readers inlined in the accessors (EXECUTE, no
    -- name lookup) and cannot call any of them by name.
    GRANT USAGE ON SCHEMA tenantdb_context TO tenantdb_owner;
    GRANT EXECUTE ON FUNCTION tenantdb_context.remember_bound_context() TO tenantdb_owner;
    GRANT EXECUTE ON FUNCTION tenantdb_context.bound_context_is_remembered(), tenantdb_context.remembered_tenant_id(),
        tenantdb_context.remembered_user_id(), tenantdb_context.remembered_person_role(),
        tenantdb_context.remembered_learner_id(), tenantdb_context.remembered_course_ids(),
        tenantdb_context.remembered_workspace_ids(text)
        TO tenantdb_owner, tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    -- The accessors read the remembered context (CREATE OR REPLACE keeps their OIDs, owners and grants).
    CREATE OR REPLACE FUNCTION app.current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_tenant_id()
                ELSE app_private.unbound_context_uuid('app.tenant_id') END;
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. A bound context is cast directly (bind_context wrote it from a uuid); only superuser sessions with hand-set values go through context_uuid(). Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    CREATE OR REPLACE FUNCTION app.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_user_id()
                ELSE app_private.unbound_context_uuid('app.user_id') END;
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. A bound context is cast directly; only superuser sessions with hand-set values go through context_uuid(). Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    CREATE OR REPLACE FUNCTION app.bound_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_tenant_id() END;
    COMMENT ON FUNCTION app.bound_tenant_id() IS
        'The tenant of a context bound to this transaction (app.set_context / app.set_token; for tenantdb_client sessions with a right HMAC), as app.current_tenant_id() returns it, else NULL instead of 42501. The accessor''s own test, written out (SQL-standard body: client sessions run it without USAGE on app_private). For checks (the write guard''s fast path, perf/write_guard_fast_path), not for queries: a query must fail without a context, so policies and queries use app.current_tenant_id(). (perf/context_cache) The tenant of the context bind_context() remembered in this transaction (tenantdb_context), else NULL.';

    CREATE OR REPLACE FUNCTION app_private.resolved_person_role()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_person_role()
                ELSE app_private.unbound_resolved_value('person_role') END;
    COMMENT ON FUNCTION app_private.resolved_person_role() IS
        'Role (student, educator, coach, admin) of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp (no query per statement); NULL without a person; 42501 without a context. For tenantdb_client sessions the stamp''s HMAC, which covers it, is checked once per statement by app.current_tenant_id(). Inlined into policies. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    CREATE OR REPLACE FUNCTION app_private.resolved_learner_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_learner_id()
                ELSE app_private.unbound_resolved_value('learner_id')::uuid END;
    COMMENT ON FUNCTION app_private.resolved_learner_id() IS
        'Learner profile id of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; NULL when they have none; 42501 without a context. Inlined into policies. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    CREATE OR REPLACE FUNCTION app_private.resolved_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_course_ids()
                ELSE app_private.unbound_resolved_value('course_ids')::uuid[] END;
    COMMENT ON FUNCTION app_private.resolved_course_ids() IS
        'Ids of the courses the acting person is enrolled in, in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person; 42501 without a context. Inlined into policies. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    CREATE OR REPLACE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE WHEN tenantdb_context.bound_context_is_remembered() THEN tenantdb_context.remembered_workspace_ids(min_member_role)
                ELSE app_private.unbound_resolved_value(min_member_role)::uuid[] END;
    COMMENT ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) IS
        'Ids of the workspaces where the acting person has at least the given member role (viewer < editor < owner), in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person or for an unknown member role; 42501 without a context. Inlined into policies. (perf/context_cache) Reads the context bind_context() remembered in this transaction (tenantdb_context, C: the settings must be byte for byte what bind_context() set); without one, the rare branch: a superuser''s hand-set ids, else 42501.';

    -- bind_context() as perf/bind_context_no_nested_calls made it, remembering what it sets.
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
        -- Remembered already, unless a savepoint rolled it back (then remembered again).
        PERFORM tenantdb_context.remember_bound_context();
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
        -- perf/context_cache: the accessors of the lookup below read the context from memory.
        PERFORM tenantdb_context.remember_bound_context();
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
    -- perf/context_cache: the accessors answer from exactly these settings for the rest of the
    -- transaction (copied into backend memory).
    PERFORM tenantdb_context.remember_bound_context();
END
$function$;
    COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
        'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed version-2 stamp app.context_stamp, which carries the acting person''s role, learner id, course and workspace ids and the four learner-data bounds (learner_data_bound()) resolved once here. Signs with the key of app_private.context_signing_key read once, the HMAC of resolved_context_signature() written out, and looks the person up with lookup_person_context()''s statement run here (perf/bind_context_no_nested_calls: no nested definer calls). A no-op when that context is already bound. Each time it sets the context it has tenantdb_context.remember_bound_context() remember the settings (perf/context_cache): the accessors answer only from a remembered context. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';
END
$cache$;

COMMIT;
