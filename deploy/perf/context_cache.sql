-- Deploy tenantdb:perf/context_cache to pg (reworked after @v0.2.0; issue 13, session 9)
-- The context accessors (app.current_tenant_id(), current_user_id(), bound_tenant_id() and the
-- resolved_* lookups) become one call each of the tenantdb_context library instead of the first
-- instance's `CASE WHEN bound_context_is_remembered() THEN remembered_<value>() ELSE <rare
-- branch> END`. Same names, shapes, owners and grants; same value for every caller:
-- tenantdb_context.remembered_uuid / remembered_text / remembered_uuids(field, unbound) return the
-- remembered field when the settings are a remembered context, else call the same rare branch
-- (app_private.unbound_context_uuid(setting) or unbound_resolved_value(name), checking the
-- caller's EXECUTE on it as the executor did; NULL for bound_tenant_id()).
-- Why: PostgreSQL sets up every function a policy names, and checks EXECUTE on it, each time the
-- executor starts a statement, the branch a CASE never takes included. An accessor inlined into a
-- policy named three; it names one now (~1.3 us per accessor InitPlan, start included:
-- docs/benchmarks-analysis.md, "Session 9"). A point statement has two to six of them.
-- The three declarations point at one C symbol (remembered_value); the library checks the field
-- and the member role itself. Clients have no USAGE on the schema: they run them inlined only.
-- Where the first instance did nothing (no extension, Citus, a deployer that is not a superuser)
-- or the accessors are not in its form, this does nothing and says so.
BEGIN;

DO $accessors$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'tenantdb_context')
       OR pg_catalog.strpos(pg_catalog.pg_get_functiondef('app.current_tenant_id()'::pg_catalog.regprocedure),
                            'tenantdb_context.bound_context_is_remembered()') = 0 THEN
        RAISE NOTICE 'perf/context_cache: the accessors do not read the remembered context here (its first instance did nothing); they stay as they are';
        RETURN;
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE NOTICE 'perf/context_cache: % is not a superuser and cannot declare the library''s functions; the accessors stay as they are', current_user
            USING HINT = 'Deploy as a superuser (docs/operations.md, "The tenantdb_context extension").';
        RETURN;
    END IF;

    -- Declared here, not by a new extension version (pg_dump records CREATE EXTENSION without its
    -- version: docs/conventions.md).
    -- A server still running a library built before session 9 has no remembered_value: refuse
    -- with the fix rather than PostgreSQL's "could not find function" (the run is reverted).
    BEGIN
        CREATE FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) RETURNS uuid
            LANGUAGE c STABLE PARALLEL RESTRICTED AS '$libdir/tenantdb_context', 'remembered_value';
    EXCEPTION WHEN undefined_function THEN
        RAISE EXCEPTION 'perf/context_cache: the tenantdb_context library installed on this server is an older build (%)', SQLERRM
            USING HINT = 'Build and install ext/tenantdb_context of this release (make -C ext/tenantdb_context PG_CONFIG=<pg_config> install, docs/operations.md), restart the server, then deploy again.';
    END;
    CREATE FUNCTION tenantdb_context.remembered_text(field text, unbound text) RETURNS text
        LANGUAGE c STABLE PARALLEL RESTRICTED AS '$libdir/tenantdb_context', 'remembered_value';
    CREATE FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) RETURNS uuid[]
        LANGUAGE c STABLE PARALLEL RESTRICTED AS '$libdir/tenantdb_context', 'remembered_value';
    ALTER FUNCTION tenantdb_context.remembered_uuid(text, text) OWNER TO tenantdb_owner;
    ALTER FUNCTION tenantdb_context.remembered_text(text, text) OWNER TO tenantdb_owner;
    ALTER FUNCTION tenantdb_context.remembered_uuids(text, text) OWNER TO tenantdb_owner;
    COMMENT ON FUNCTION tenantdb_context.remembered_uuid(text, text) IS
        'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s field (tenant_id, person_id, learner_id) when the settings are one, else the rare branch: NULL for a NULL unbound, app_private.unbound_context_uuid(unbound) for tenant_id and person_id, app_private.unbound_resolved_value(unbound)::uuid otherwise, EXECUTE on it checked as the caller''s.';
    COMMENT ON FUNCTION tenantdb_context.remembered_text(text, text) IS
        'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s person_role when the settings are one, else app_private.unbound_resolved_value(unbound), EXECUTE on it checked as the caller''s.';
    COMMENT ON FUNCTION tenantdb_context.remembered_uuids(text, text) IS
        'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s course_ids, or workspace_ids at the member role unbound (viewer, editor, owner; empty for another), when the settings are one, else app_private.unbound_resolved_value(unbound)::uuid[], EXECUTE on it checked as the caller''s.';
    REVOKE ALL ON FUNCTION tenantdb_context.remembered_uuid(text, text), tenantdb_context.remembered_text(text, text),
        tenantdb_context.remembered_uuids(text, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION tenantdb_context.remembered_uuid(text, text), tenantdb_context.remembered_text(text, text),
        tenantdb_context.remembered_uuids(text, text)
        TO tenantdb_owner, tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    -- The accessors in one call (CREATE OR REPLACE keeps their OIDs, owners and grants).
    CREATE OR REPLACE FUNCTION app.current_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('tenant_id', 'app.tenant_id');
    COMMENT ON FUNCTION app.current_tenant_id() IS
        'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. A bound context is cast directly (bind_context wrote it from a uuid); only superuser sessions with hand-set values go through context_uuid(). Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_context_uuid(''app.tenant_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';

    CREATE OR REPLACE FUNCTION app.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('person_id', 'app.user_id');
    COMMENT ON FUNCTION app.current_user_id() IS
        'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. A bound context is cast directly; only superuser sessions with hand-set values go through context_uuid(). Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_context_uuid(''app.user_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';

    CREATE OR REPLACE FUNCTION app.bound_tenant_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('tenant_id', NULL);
    COMMENT ON FUNCTION app.bound_tenant_id() IS
        'The tenant of a context bound to this transaction (app.set_context / app.set_token; for tenantdb_client sessions with a right HMAC), as app.current_tenant_id() returns it, else NULL instead of 42501. The accessor''s own test, written out (SQL-standard body: client sessions run it without USAGE on app_private). For checks (the write guard''s fast path, perf/write_guard_fast_path), not for queries: a query must fail without a context, so policies and queries use app.current_tenant_id(). (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: NULL.';

    CREATE OR REPLACE FUNCTION app_private.resolved_person_role()
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_text('person_role', 'person_role');
    COMMENT ON FUNCTION app_private.resolved_person_role() IS
        'Role (student, educator, coach, admin) of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp (no query per statement); NULL without a person; 42501 without a context. For tenantdb_client sessions the stamp''s HMAC, which covers it, is checked once per statement by app.current_tenant_id(). Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''person_role'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';

    CREATE OR REPLACE FUNCTION app_private.resolved_learner_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('learner_id', 'learner_id');
    COMMENT ON FUNCTION app_private.resolved_learner_id() IS
        'Learner profile id of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; NULL when they have none; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''learner_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';

    CREATE OR REPLACE FUNCTION app_private.resolved_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuids('course_ids', 'course_ids');
    COMMENT ON FUNCTION app_private.resolved_course_ids() IS
        'Ids of the courses the acting person is enrolled in, in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''course_ids'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';

    CREATE OR REPLACE FUNCTION app_private.resolved_workspace_ids(min_member_role text)
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuids('workspace_ids', min_member_role);
    COMMENT ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) IS
        'Ids of the workspaces where the acting person has at least the given member role (viewer < editor < owner), in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person or for an unknown member role; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(min_member_role) (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
END
$accessors$;

COMMIT;
