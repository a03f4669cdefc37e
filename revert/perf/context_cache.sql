-- Revert tenantdb:perf/context_cache from pg (the instance reworked after @v0.2.0)
-- The accessors as the first instance made them (the CASE of the remembered context and the rare
-- branch, their comments), and the three declarations of the library's remembered_value go.
-- Where the deploy did nothing, neither does this.
BEGIN;

DO $accessors$
BEGIN
    IF pg_catalog.to_regprocedure('tenantdb_context.remembered_uuid(text,text)') IS NULL THEN
        RETURN;  -- the deploy changed nothing here
    END IF;

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

    DROP FUNCTION tenantdb_context.remembered_uuid(text, text), tenantdb_context.remembered_text(text, text),
        tenantdb_context.remembered_uuids(text, text);
END
$accessors$;

COMMIT;
