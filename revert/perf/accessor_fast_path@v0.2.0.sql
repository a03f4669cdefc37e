-- Revert tenantdb:perf/accessor_fast_path from pg
-- Back to the accessors of security/bound_context and the resolved_* lookups of
-- perf/resolved_context (definitions and comments as landed); on Citus
-- the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    CREATE OR REPLACE FUNCTION app.current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_bound()
            THEN app_private.context_uuid('app.tenant_id')
        ELSE app_private.reject_missing_context('app.tenant_id')
    END;
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

    CREATE OR REPLACE FUNCTION app.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_current()
            THEN app_private.context_uuid('app.user_id')
        ELSE app_private.reject_missing_context('app.user_id')
    END;
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes.';

    -- perf/resolved_context's lookups as it created them.
    CREATE OR REPLACE FUNCTION app_private.resolved_person_role()
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

    CREATE OR REPLACE FUNCTION app_private.resolved_learner_id()
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

    CREATE OR REPLACE FUNCTION app_private.resolved_course_ids()
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

    CREATE OR REPLACE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
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

    CREATE OR REPLACE FUNCTION app_private.resolved_visible_learner_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin') THEN app_private.staff_visible_learner_ids()
        ELSE pg_catalog.array_remove(ARRAY[app_private.resolved_learner_id()], NULL)
    END;

    DROP FUNCTION app_private.unbound_context_uuid(text);
    DROP FUNCTION app_private.unbound_resolved_value(text);
END
$revert$;

COMMIT;
