-- Revert tenantdb:perf/resolved_context from pg
-- Back to the per-statement definer lookups and the version-1 stamp (bodies as their changes
-- left them: security/bound_context, identity/current_person_role, learning/current_learner_id,
-- rag/current_course_ids, workspaces/current_workspace_ids, learning/consent).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- The policies call the definer lookups again (the deploy's rewrite, mapped back).
DO $rewrite$
DECLARE
    pol record;
    using_expr text;
    check_expr text;
    old_names CONSTANT text[] := ARRAY['current_person_role', 'current_learner_id', 'current_course_ids',
                                       'current_workspace_ids', 'visible_learner_ids'];
    expr text;
    i integer;
BEGIN
    FOR pol IN
        SELECT p.polname, p.polrelid::regclass AS rel,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS wcheck
        FROM pg_catalog.pg_policy p
        WHERE coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
              ~ 'app_private\.resolved_(person_role|learner_id|course_ids|workspace_ids|visible_learner_ids)\('
        ORDER BY 2::text, 1
    LOOP
        using_expr := pol.qual;
        check_expr := pol.wcheck;
        FOR i IN 1 .. pg_catalog.cardinality(old_names) LOOP
            expr := pg_catalog.replace(old_names[i], 'current_', '');
            using_expr := pg_catalog.regexp_replace(using_expr, 'app_private\.resolved_' || expr || '\(([^)]*)\)( AS resolved_' || expr || ')?',
                                                    'app_private.' || old_names[i] || '(\1)', 'g');
            check_expr := pg_catalog.regexp_replace(check_expr, 'app_private\.resolved_' || expr || '\(([^)]*)\)( AS resolved_' || expr || ')?',
                                                    'app_private.' || old_names[i] || '(\1)', 'g');
        END LOOP;
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s', pol.polname, pol.rel)
             || CASE WHEN using_expr IS NOT NULL THEN ' USING (' || using_expr || ')' ELSE '' END
             || CASE WHEN check_expr IS NOT NULL THEN ' WITH CHECK (' || check_expr || ')' ELSE '' END;
    END LOOP;
END
$rewrite$;

DROP TRIGGER users_rebind_resolved_context ON app.users;
DROP TRIGGER learner_profiles_rebind_resolved_context ON app.learner_profiles;
DROP TRIGGER enrollments_rebind_resolved_context ON app.enrollments;
DROP TRIGGER workspace_members_rebind_resolved_context ON app.workspace_members;
DROP FUNCTION app_private.rebind_resolved_context();

CREATE OR REPLACE FUNCTION app_private.context_signature_is_valid()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
BEGIN ATOMIC
    -- Compared as SHA-256 of both hex strings, so the time the comparison takes says nothing
    -- useful about how many leading characters of a forged signature were right (learning a
    -- prefix of a hash of the true signature does not reveal the signature).
    SELECT coalesce(
               pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.split_part(s.stamp, ':', 3), 'UTF8'))
             = pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.encode(
                   pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad || pg_catalog.convert_to(
                       'tenantdb-context-v1|' || s.tenant || '|' || s.person || '|'
                       || pg_catalog.split_part(s.stamp, ':', 1) || ':' || pg_catalog.split_part(s.stamp, ':', 2), 'UTF8'))),
                   'hex'), 'UTF8')),
               false)
    FROM app_private.context_signing_key k
    CROSS JOIN (SELECT pg_catalog.current_setting('app.tenant_id', true) AS tenant,
                       pg_catalog.current_setting('app.user_id', true) AS person,
                       pg_catalog.current_setting('app.context_stamp', true) AS stamp) s;
END;
COMMENT ON FUNCTION app_private.context_signature_is_valid() IS
    'True when app.context_stamp carries the right HMAC for the current app.tenant_id, app.user_id and its binding, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. Compares hashes of both values (timing reveals nothing useful). Definer (reads the key).';

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
BEGIN
    PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
            pg_catalog.set_config('app.user_id', person_text, true),
            pg_catalog.set_config('app.context_stamp',
                                  binding || ':' || app_private.context_signature(tenant_text, person_text, binding), true);
END
$function$;
COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
    'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed stamp app.context_stamp. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';

CREATE OR REPLACE FUNCTION app_private.current_person_role()
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.role
    FROM app.users u
    WHERE u.tenant_id = app.current_tenant_id()
      AND u.id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_person_role() IS
    'Role (student, educator, coach, admin) of the acting person (app.user_id) in the transaction''s tenant; NULL without a user context. Definer, fixed search_path; used inside policies only.';

CREATE OR REPLACE FUNCTION app_private.current_learner_id()
RETURNS uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT lp.id
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = app.current_tenant_id()
      AND lp.user_id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_learner_id() IS
    'Learner profile id of the acting person (app.user_id) in the transaction''s tenant; NULL when they have none. Definer, fixed search_path; used inside policies only.';

CREATE OR REPLACE FUNCTION app_private.current_course_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
    FROM app.enrollments e
    WHERE e.tenant_id = app.current_tenant_id()
      AND e.user_id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_course_ids() IS
    'Ids of the courses the acting person (app.user_id) is enrolled in, in the transaction''s tenant; empty without a user context. Definer, fixed search_path; used inside policies only.';

CREATE OR REPLACE FUNCTION app_private.current_workspace_ids(min_member_role text)
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(array_agg(m.workspace_id), '{}'::uuid[])
    FROM app.workspace_members m
    WHERE m.tenant_id = app.current_tenant_id()
      AND m.user_id = app.current_user_id()
      AND array_position(ARRAY['viewer', 'editor', 'owner'], m.member_role)
          >= array_position(ARRAY['viewer', 'editor', 'owner'], min_member_role);
END;
COMMENT ON FUNCTION app_private.current_workspace_ids(text) IS
    'Ids of the workspaces where the acting person (app.user_id) has at least the given member role (viewer < editor < owner), in the transaction''s tenant; empty without a user context. Definer, fixed search_path; used inside policies only.';

CREATE OR REPLACE FUNCTION app_private.visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(array_agg(lp.id ORDER BY lp.id), '{}')
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = (SELECT app.current_tenant_id())
      AND (lp.user_id = (SELECT app.current_user_id())
           OR (SELECT app_private.current_person_role()) = 'admin'
           OR ((SELECT app_private.current_person_role()) IN ('educator', 'coach')
               AND coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'));
END;
COMMENT ON FUNCTION app_private.visible_learner_ids() IS
    'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Definer, fixed search_path; used inside policies (once per statement).';

DROP FUNCTION app_private.resolved_visible_learner_ids();
DROP FUNCTION app_private.staff_visible_learner_ids();
DROP FUNCTION app_private.resolved_person_role();
DROP FUNCTION app_private.resolved_learner_id();
DROP FUNCTION app_private.resolved_course_ids();
DROP FUNCTION app_private.resolved_workspace_ids(text);
DROP FUNCTION app_private.policy_expression_with_resolved_lookups(text);
DROP FUNCTION app_private.resolved_context_signature(text, text, text);
DROP FUNCTION app_private.lookup_person_context();

COMMIT;
