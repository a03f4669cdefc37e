-- Deploy tenantdb:perf/accessor_fast_path to pg
-- app.current_tenant_id() and app.current_user_id() read a bound context without the regular
-- expression. Measured (docs/benchmarks-analysis.md, "Where the µs of a short query go"): under
-- RLS a short statement runs its policies' InitPlans on every execution (plans are generic and
-- cached, planning is not the cost), and inside the tenant accessor's InitPlan the canonical-uuid
-- regular expression of app_private.context_uuid() was the largest single piece (a regex
-- execution per call), more than the binding check itself.
-- A context the transaction bound with app.set_context()/app.set_token() was written by
-- app_private.bind_context() from uuid values (canonical text by construction), so when the
-- stamp is current (and, for tenantdb_client members, signed) the setting is cast directly.
-- A value changed by hand after that still cannot pass as another form: the cast raises 22P02
-- (invalid input syntax for type uuid), so a bad value fails closed as before, with PostgreSQL's
-- message instead of ours. The superuser path for hand-set values (verify scripts, no stamp)
-- keeps app_private.context_uuid() and its message. The checks themselves are unchanged: the
-- binding for both, the HMAC for client sessions in current_tenant_id() (docs/security.md).
-- Second piece, same measurement: the executor initialises every function call of an inlined
-- accessor on every statement, including the branches a CASE never takes (EXECUTE check,
-- function lookup; about 1 µs per non-built-in call, more for context_uuid() inlined with its
-- regular expression). The superuser and error branches of the tenant/user accessors and of the
-- resolved_* lookups (perf/resolved_context) are therefore one call each (a non-inlined SQL function),
-- app_private.unbound_context_uuid() / app_private.unbound_resolved_value(), with the same
-- results and errors as before (superuser sessions with hand-set ids look up; anything else
-- raises 42501 via reject_missing_context()).
-- On Citus citus/plpgsql_accessors made both PL/pgSQL (evaluated whole on the coordinator):
-- this change leaves them alone there.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $fast$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/accessor_fast_path: citus keeps the PL/pgSQL accessors, nothing to change';
        RETURN;
    END IF;
    -- The branches a bound context never takes, as one call each (initialised per statement,
    -- executed only without a bound context).
    -- SQL-standard bodies (names bound at creation: client sessions, which have no USAGE on
    -- app_private, can run them from a policy); the SET clause keeps them from being inlined.
    CREATE FUNCTION app_private.unbound_context_uuid(setting_name text)
    RETURNS uuid
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE
        WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
            THEN app_private.context_uuid(setting_name)
        ELSE app_private.reject_missing_context(setting_name)
    END;
    COMMENT ON FUNCTION app_private.unbound_context_uuid(text) IS
        'A uuid context setting read without a context bound to this transaction: for superuser sessions the hand-set value (validated by context_uuid(), 22P02 naming the setting), for everyone else 42501 (reject_missing_context). The rare branch of app.current_tenant_id() and app.current_user_id(), kept out of their inlined expression.';
    REVOKE ALL ON FUNCTION app_private.unbound_context_uuid(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_private.unbound_context_uuid(text)
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    CREATE FUNCTION app_private.unbound_resolved_value(resolved_field text)
    RETURNS text
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE
        WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
            THEN CASE resolved_field
                     WHEN 'person_role' THEN (app_private.lookup_person_context()).person_role
                     WHEN 'learner_id' THEN (app_private.lookup_person_context()).learner_id::text
                     WHEN 'course_ids' THEN (app_private.lookup_person_context()).course_ids::text
                     WHEN 'viewer' THEN (app_private.lookup_person_context()).viewer_workspace_ids::text
                     WHEN 'editor' THEN (app_private.lookup_person_context()).editor_workspace_ids::text
                     WHEN 'owner' THEN (app_private.lookup_person_context()).owner_workspace_ids::text
                     WHEN 'visible_learner_ids' THEN
                         CASE WHEN (app_private.lookup_person_context()).person_role IN ('educator', 'coach', 'admin')
                              THEN app_private.staff_visible_learner_ids()::text
                              ELSE pg_catalog.array_remove(ARRAY[(app_private.lookup_person_context()).learner_id], NULL)::text
                         END
                     ELSE '{}'
                 END
        ELSE app_private.reject_missing_context('app.tenant_id')::text
    END;
    COMMENT ON FUNCTION app_private.unbound_resolved_value(text) IS
        'A resolved value (person_role, learner_id, course_ids, visible_learner_ids, or the workspace ids of a member role viewer/editor/owner; ''{}'' for an unknown one) as text, without a context bound to this transaction: looked up for superuser sessions with hand-set ids (lookup_person_context), 42501 for everyone else. The rare branch of the resolved_* lookups, kept out of their inlined expression.';
    REVOKE ALL ON FUNCTION app_private.unbound_resolved_value(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_private.unbound_resolved_value(text)
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    CREATE OR REPLACE FUNCTION app.current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        -- Bound in this transaction (and signed, for client and superuser-role sessions): the
        -- value bind_context() wrote, cast without re-validating its form.
        WHEN app_private.context_is_current()
             AND (NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on'
                  OR NOT (pg_catalog.pg_has_role(SESSION_USER, 'tenantdb_client', 'MEMBER')
                          OR pg_catalog.pg_has_role(CURRENT_USER, 'tenantdb_client', 'MEMBER'))
                  OR app_private.context_signature_is_valid())
            THEN NULLIF(pg_catalog.current_setting('app.tenant_id', true), '')::uuid
        -- Superuser sessions with hand-set values (validated, named in the error), or 42501.
        ELSE app_private.unbound_context_uuid('app.tenant_id')
    END;
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. A bound context is cast directly (bind_context wrote it from a uuid); only superuser sessions with hand-set values go through context_uuid(). Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

    CREATE OR REPLACE FUNCTION app.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid
        ELSE app_private.unbound_context_uuid('app.user_id')
    END;
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. A bound context is cast directly; only superuser sessions with hand-set values go through context_uuid(). Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes.';
    -- perf/resolved_context's lookups: same stamp fields, the other branches as one call.
    CREATE OR REPLACE FUNCTION app_private.resolved_person_role()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 3), '')
        ELSE app_private.unbound_resolved_value('person_role')
    END;

    CREATE OR REPLACE FUNCTION app_private.resolved_learner_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 4), '')::uuid
        ELSE app_private.unbound_resolved_value('learner_id')::uuid
    END;

    CREATE OR REPLACE FUNCTION app_private.resolved_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN coalesce(NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 5), ''), '{}')::uuid[]
        ELSE app_private.unbound_resolved_value('course_ids')::uuid[]
    END;

    CREATE OR REPLACE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN coalesce(NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':',
                     5 + pg_catalog.array_position(ARRAY['viewer', 'editor', 'owner'], min_member_role)), ''), '{}')::uuid[]
        ELSE app_private.unbound_resolved_value(min_member_role)::uuid[]
    END;

    -- One binding check instead of two (role and learner id read from the same stamp).
    CREATE OR REPLACE FUNCTION app_private.resolved_visible_learner_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.context_is_current()
            THEN CASE
                WHEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 3), '') IN ('educator', 'coach', 'admin')
                    THEN app_private.staff_visible_learner_ids()
                ELSE pg_catalog.array_remove(ARRAY[NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':', 4), '')::uuid], NULL)
            END
        ELSE app_private.unbound_resolved_value('visible_learner_ids')::uuid[]
    END;
END
$fast$;

COMMIT;
