-- Deploy tenantdb:perf/resolved_context to pg
-- The acting person's role, learner id, course ids and workspace ids, resolved ONCE per
-- transaction (when the context is bound) instead of once per statement by a definer lookup.
--
-- app_private.bind_context(tenant, person) (app.set_context, app.set_token, owner triggers)
-- now writes a version-2 stamp that carries the resolved values and signs them:
--     app.context_stamp = '<pid>:<µs>:<role>:<learner id>:<{course ids}>:<{viewer+ ws}>:<{editor+ ws}>:<{owner ws}>:<HMAC>'
-- the HMAC-SHA256 (key app_private.context_signing_key) over 'tenantdb-context-v2|tenant|person|'
-- and everything in the stamp before the HMAC. The binding (pid, transaction start) stays the
-- prefix, so every binding check and every save/restore of the three settings (audit trigger,
-- open_shared_conversation) works unchanged, resolved values included.
-- The lookups become inlinable SQL reading the stamp after the cheap binding check, with no
-- function call, query or HMAC per statement. For tenantdb_client sessions the HMAC is checked
-- where it always was, once per statement in app.current_tenant_id() (restrictive
-- tenant_isolation, tenant_context_required), and it now covers the resolved values: a client
-- that edits its role or course list in the stamp has no context at all (42501).
-- Staleness: writes in the same transaction that change a resolved value (users, enrollments,
-- learner_profiles, workspace_members) re-resolve it in a statement-level AFTER trigger, so
-- the next statement sees it, as before. A change committed by ANOTHER transaction is seen
-- from the person's next transaction (set_context), not their next statement (docs/security.md).
-- Superuser sessions with hand-set ids (verify scripts) keep working: the lookup runs then.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- The lookups, as the owner under its narrow *_for_definer policies (current tenant only).
-- PL/pgSQL: its plan is cached for the session; it runs once per transaction.
CREATE FUNCTION app_private.lookup_person_context(
    OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[],
    OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[])
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    tenant uuid := app.current_tenant_id();
    person uuid := app.current_user_id();
BEGIN
    course_ids := '{}';
    viewer_workspace_ids := '{}';
    editor_workspace_ids := '{}';
    owner_workspace_ids := '{}';
    IF tenant IS NULL OR person IS NULL THEN
        RETURN;
    END IF;
    -- One statement (one plan, cached for the session), four index probes.
    SELECT (SELECT u.role FROM app.users u WHERE u.tenant_id = tenant AND u.id = person),
           (SELECT lp.id FROM app.learner_profiles lp WHERE lp.tenant_id = tenant AND lp.user_id = person),
           (SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
            FROM app.enrollments e WHERE e.tenant_id = tenant AND e.user_id = person),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id), '{}'),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role IN ('editor', 'owner')), '{}'),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role = 'owner'), '{}')
    INTO person_role, learner_id, course_ids, viewer_workspace_ids, editor_workspace_ids, owner_workspace_ids
    FROM app.workspace_members m WHERE m.tenant_id = tenant AND m.user_id = person;
END
$function$;
COMMENT ON FUNCTION app_private.lookup_person_context() IS
    'The acting person''s role, learner profile id, course ids and workspace ids (viewer+, editor+, owner) in the transaction''s tenant, read from the tables; empty without a person. Run once per transaction by bind_context(), and by the accessors only for superuser sessions whose ids were set by hand. Definer (owner, under its *_for_definer policies).';
REVOKE ALL ON FUNCTION app_private.lookup_person_context() FROM PUBLIC;

CREATE FUNCTION app_private.resolved_context_signature(tenant text, person text, unsigned_stamp text)
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.encode(app_private.hmac_sha256(k.inner_pad, k.outer_pad,
               pg_catalog.convert_to('tenantdb-context-v2|' || tenant || '|' || person || '|' || unsigned_stamp, 'UTF8')), 'hex')
    FROM app_private.context_signing_key k;
END;
COMMENT ON FUNCTION app_private.resolved_context_signature(text, text, text) IS
    'HMAC-SHA256 (hex) of a version-2 context: tenant id, user id ('''' for none) and the stamp before its HMAC (binding and resolved role, learner id, course and workspace ids), keyed by app_private.context_signing_key. Definer (reads the key); no client role may execute it.';
REVOKE ALL ON FUNCTION app_private.resolved_context_signature(text, text, text) FROM PUBLIC;

-- Same name, same allowlist entry (no SET clause: it runs once per statement in client
-- sessions; SQL-standard body). Now checks the version-2 stamp: resolved values included.
CREATE OR REPLACE FUNCTION app_private.context_signature_is_valid()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
BEGIN ATOMIC
    -- Compared as SHA-256 of both hex strings: the comparison's timing says nothing useful.
    SELECT coalesce(
               pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.right(s.stamp, 64), 'UTF8'))
             = pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.encode(
                   pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad || pg_catalog.convert_to(
                       'tenantdb-context-v2|' || s.tenant || '|' || s.person || '|' || pg_catalog.left(s.stamp, -65), 'UTF8'))),
                   'hex'), 'UTF8')),
               false)
    FROM app_private.context_signing_key k
    CROSS JOIN (SELECT pg_catalog.current_setting('app.tenant_id', true) AS tenant,
                       pg_catalog.current_setting('app.user_id', true) AS person,
                       pg_catalog.current_setting('app.context_stamp', true) AS stamp) s;
END;
COMMENT ON FUNCTION app_private.context_signature_is_valid() IS
    'True when app.context_stamp carries the right HMAC (version 2) for the current app.tenant_id, app.user_id, its binding and the resolved role, learner, course and workspace ids it carries, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. Compares hashes of both values (timing reveals nothing useful). Definer (reads the key).';

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

-- Rewrites a policy expression (as pg_get_expr prints it) to call the inlinable lookups.
CREATE FUNCTION app_private.policy_expression_with_resolved_lookups(expression text)
RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(
           expression,
           'app_private\.current_person_role\(\)( AS current_person_role)?', 'app_private.resolved_person_role()', 'g'),
           'app_private\.current_learner_id\(\)( AS current_learner_id)?', 'app_private.resolved_learner_id()', 'g'),
           'app_private\.current_course_ids\(\)( AS current_course_ids)?', 'app_private.resolved_course_ids()', 'g'),
           'app_private\.current_workspace_ids\((''[a-z]+''::text)\)( AS current_workspace_ids)?', 'app_private.resolved_workspace_ids(\1)', 'g'),
           'app_private\.visible_learner_ids\(\)( AS visible_learner_ids)?', 'app_private.resolved_visible_learner_ids()', 'g');
COMMENT ON FUNCTION app_private.policy_expression_with_resolved_lookups(text) IS
    'A policy expression with every definer lookup (current_person_role, current_learner_id, current_course_ids, current_workspace_ids, visible_learner_ids) replaced by its inlinable resolved_* twin. Used by perf/resolved_context to rewrite the policies; the revert maps them back.';
REVOKE ALL ON FUNCTION app_private.policy_expression_with_resolved_lookups(text) FROM PUBLIC;

-- The lookups the policies use: inlinable SQL, no definer, no query. The binding check first
-- (the common path); superuser sessions with hand-set ids look the values up; anything else is
-- no context. New names: the definer lookups keep theirs (and their definer, as their changes
-- verify) for the triggers and functions that call them, now reading the same stamp.
CREATE FUNCTION app_private.resolved_person_role()
RETURNS text
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.context_is_current()
        THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 3), '')
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
        THEN (app_private.lookup_person_context()).person_role
    ELSE app_private.reject_missing_context('app.tenant_id')::text
END;
COMMENT ON FUNCTION app_private.resolved_person_role() IS
    'Role (student, educator, coach, admin) of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp (no query per statement); NULL without a person; 42501 without a context. For tenantdb_client sessions the stamp''s HMAC, which covers it, is checked once per statement by app.current_tenant_id(). Inlined into policies.';

CREATE FUNCTION app_private.resolved_learner_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.context_is_current()
        THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 4), '')::uuid
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
        THEN (app_private.lookup_person_context()).learner_id
    ELSE app_private.reject_missing_context('app.tenant_id')
END;
COMMENT ON FUNCTION app_private.resolved_learner_id() IS
    'Learner profile id of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; NULL when they have none; 42501 without a context. Inlined into policies.';

CREATE FUNCTION app_private.resolved_course_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.context_is_current()
        THEN coalesce(NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 5), ''), '{}')::uuid[]
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
        THEN (app_private.lookup_person_context()).course_ids
    ELSE app_private.reject_missing_context('app.tenant_id')::text::uuid[]
END;
COMMENT ON FUNCTION app_private.resolved_course_ids() IS
    'Ids of the courses the acting person is enrolled in, in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person; 42501 without a context. Inlined into policies.';

CREATE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.context_is_current()
        THEN coalesce(NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':',
                 5 + pg_catalog.array_position(ARRAY['viewer', 'editor', 'owner'], min_member_role)), ''), '{}')::uuid[]
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
        THEN CASE min_member_role
                 WHEN 'viewer' THEN (app_private.lookup_person_context()).viewer_workspace_ids
                 WHEN 'editor' THEN (app_private.lookup_person_context()).editor_workspace_ids
                 WHEN 'owner' THEN (app_private.lookup_person_context()).owner_workspace_ids
                 ELSE '{}'::uuid[]
             END
    ELSE app_private.reject_missing_context('app.tenant_id')::text::uuid[]
END;
COMMENT ON FUNCTION app_private.resolved_workspace_ids(text) IS
    'Ids of the workspaces where the acting person has at least the given member role (viewer < editor < owner), in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person or for an unknown member role; 42501 without a context. Inlined into policies.';

GRANT EXECUTE ON FUNCTION app_private.lookup_person_context(), app_private.resolved_person_role(),
    app_private.resolved_learner_id(), app_private.resolved_course_ids(), app_private.resolved_workspace_ids(text)
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

-- Consent: only educators, coaches and admins need a query; everyone else reads their own
-- learner id from the stamp. The query keeps its definer (it reads profiles the caller cannot).
CREATE FUNCTION app_private.staff_visible_learner_ids()
RETURNS uuid[]
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    tenant uuid := app.current_tenant_id();
    person uuid := app.current_user_id();
    person_role text := app_private.resolved_person_role();
    visible uuid[];
BEGIN
    SELECT coalesce(pg_catalog.array_agg(lp.id ORDER BY lp.id), '{}') INTO visible
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = tenant
      AND (lp.user_id = person
           OR person_role = 'admin'
           OR (person_role IN ('educator', 'coach')
               AND coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'));
    RETURN visible;
END
$function$;
COMMENT ON FUNCTION app_private.staff_visible_learner_ids() IS
    'Learner profile ids an educator, coach or admin may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Definer (owner, under learner_profiles_select_for_definer); called by resolved_visible_learner_ids() for those roles only.';
REVOKE ALL ON FUNCTION app_private.staff_visible_learner_ids() FROM PUBLIC;

CREATE FUNCTION app_private.resolved_visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin') THEN app_private.staff_visible_learner_ids()
    ELSE pg_catalog.array_remove(ARRAY[app_private.resolved_learner_id()], NULL)
END;
COMMENT ON FUNCTION app_private.resolved_visible_learner_ids() IS
    'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Inlinable: students read their own id from the bound stamp; only educators, coaches and admins run a query (staff_visible_learner_ids). Inlined into policies (once per statement).';
GRANT EXECUTE ON FUNCTION app_private.staff_visible_learner_ids(), app_private.resolved_visible_learner_ids()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

-- The definer lookups stay definers with a fixed search_path (their changes verify that) for
-- the triggers and functions that call them by name, and return the same resolved values.
CREATE OR REPLACE FUNCTION app_private.current_person_role()
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT app_private.resolved_person_role();
END;
COMMENT ON FUNCTION app_private.current_person_role() IS
    'Role (student, educator, coach, admin) of the acting person (app.user_id) in the transaction''s tenant, as resolved once per transaction (resolved_person_role); NULL without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_person_role()).';

CREATE OR REPLACE FUNCTION app_private.current_learner_id()
RETURNS uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT app_private.resolved_learner_id();
END;
COMMENT ON FUNCTION app_private.current_learner_id() IS
    'Learner profile id of the acting person (app.user_id) in the transaction''s tenant, as resolved once per transaction (resolved_learner_id); NULL when they have none. Definer, fixed search_path; for triggers and functions (policies inline resolved_learner_id()).';

CREATE OR REPLACE FUNCTION app_private.current_course_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT app_private.resolved_course_ids();
END;
COMMENT ON FUNCTION app_private.current_course_ids() IS
    'Ids of the courses the acting person (app.user_id) is enrolled in, in the transaction''s tenant, as resolved once per transaction (resolved_course_ids); empty without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_course_ids()).';

CREATE OR REPLACE FUNCTION app_private.current_workspace_ids(min_member_role text)
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT app_private.resolved_workspace_ids(min_member_role);
END;
COMMENT ON FUNCTION app_private.current_workspace_ids(text) IS
    'Ids of the workspaces where the acting person (app.user_id) has at least the given member role (viewer < editor < owner), in the transaction''s tenant, as resolved once per transaction (resolved_workspace_ids); empty without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_workspace_ids()).';

CREATE OR REPLACE FUNCTION app_private.visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT app_private.resolved_visible_learner_ids();
END;
COMMENT ON FUNCTION app_private.visible_learner_ids() IS
    'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Definer, fixed search_path; for functions (policies inline resolved_visible_learner_ids()).';

-- Every policy that calls a definer lookup calls the inlinable one instead: same expression,
-- same (SELECT ...) InitPlan shape, only the function changes. Done over the catalog, so the
-- policies are rewritten as they stand when this change deploys (whatever changes before it
-- altered); the revert maps the names back. docs/policies.md shows every resulting expression.
DO $rewrite$
DECLARE
    pol record;
    using_expr text;
    check_expr text;
BEGIN
    FOR pol IN
        SELECT p.polname, p.polrelid::regclass AS rel,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck
        FROM pg_catalog.pg_policy p
        WHERE coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
              ~ 'app_private\.(current_person_role|current_learner_id|current_course_ids|current_workspace_ids|visible_learner_ids)\('
        ORDER BY 2::text, 1
    LOOP
        using_expr := app_private.policy_expression_with_resolved_lookups(pol.qual);
        check_expr := app_private.policy_expression_with_resolved_lookups(pol.wcheck);
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s', pol.polname, pol.rel)
             || CASE WHEN using_expr IS NOT NULL THEN ' USING (' || using_expr || ')' ELSE '' END
             || CASE WHEN check_expr IS NOT NULL THEN ' WITH CHECK (' || check_expr || ')' ELSE '' END;
    END LOOP;
END
$rewrite$;

-- Staleness: a write in this transaction that changes what bind_context resolved re-resolves it
-- for the next statement (a student enrolled, an educator demoted, a membership dropped).
CREATE FUNCTION app_private.rebind_resolved_context()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    tenant_text text := pg_catalog.current_setting('app.tenant_id', true);
    person_text text := pg_catalog.current_setting('app.user_id', true);
BEGIN
    IF coalesce(person_text, '') <> '' AND coalesce(tenant_text, '') <> ''
       AND app_private.context_is_current() AND app_private.context_signature_is_valid() THEN
        -- bind_context() would keep the stamp (same context): resolve explicitly.
        PERFORM pg_catalog.set_config('app.context_stamp', '', true);
        PERFORM app_private.bind_context(tenant_text::uuid, person_text::uuid);
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.rebind_resolved_context() IS
    'Statement-level AFTER trigger of users, learner_profiles, enrollments and workspace_members (inserts, deletes, and updates of the columns resolved from them): when the transaction has a bound context with a person, resolves role, learner, course and workspace ids again, so a write changing them (an enrollment, a demotion, a dropped membership) holds from the next statement. Contexts not set by bind_context (superuser by hand, none) are left alone.';
REVOKE ALL ON FUNCTION app_private.rebind_resolved_context() FROM PUBLIC;

CREATE TRIGGER users_rebind_resolved_context
    AFTER INSERT OR DELETE OR UPDATE OF tenant_id, id, role ON app.users
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER users_rebind_resolved_context ON app.users IS
    'A role change (or the person''s deletion) in this transaction holds from the next statement: the resolved context is resolved again.';
CREATE TRIGGER learner_profiles_rebind_resolved_context
    AFTER INSERT OR DELETE OR UPDATE OF tenant_id, id, user_id ON app.learner_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER learner_profiles_rebind_resolved_context ON app.learner_profiles IS
    'A learner profile created or removed in this transaction holds from the next statement: the resolved context is resolved again.';
CREATE TRIGGER enrollments_rebind_resolved_context
    AFTER INSERT OR DELETE OR UPDATE OF tenant_id, user_id, course_id ON app.enrollments
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER enrollments_rebind_resolved_context ON app.enrollments IS
    'An enrollment made or dropped in this transaction holds from the next statement: the resolved course ids are resolved again.';
CREATE TRIGGER workspace_members_rebind_resolved_context
    AFTER INSERT OR DELETE OR UPDATE OF tenant_id, workspace_id, user_id, member_role ON app.workspace_members
    FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER workspace_members_rebind_resolved_context ON app.workspace_members IS
    'A membership added, changed or removed in this transaction holds from the next statement: the resolved workspace ids are resolved again.';

COMMIT;
