-- Deploy tenantdb:citus/forward_before_lookup to pg
-- On a Citus cluster only: app_private.bind_context() forwards the (still unresolved) context to
-- the workers before it looks up the person's role, learner, courses and workspaces, not only at
-- its end (citus/set_local_context). The lookup (app_private.lookup_person_context(), perf/
-- resolved_context) reads app.users, app.learner_profiles, app.enrollments and
-- app.workspace_members, which are distributed: the shard queries run on the workers under the
-- tables' policies, and without the context there they failed closed with 42501 "no tenant
-- context: app.user_id is not set" (measured: every app.set_token() of a tenantdb_client login,
-- tests/citus test_a_client_login_with_a_token_sees_only_its_persons_rows). The values forwarded
-- are the ones bind_context() has just set for the lookup (bound to this transaction, signed
-- for client sessions); the resolved stamp replaces them at the end, as before. Without the citus
-- extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    definition text;
    lookup CONSTANT text := E'\n        SELECT * INTO resolved FROM app_private.lookup_person_context();';
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/forward_before_lookup: no citus extension here, nothing to change';
        RETURN;
    END IF;
    definition := pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure);
    IF pg_catalog.strpos(definition, lookup) = 0 THEN
        RAISE EXCEPTION 'citus/forward_before_lookup: app_private.bind_context() has no lookup line as expected; write its Citus form by hand';
    END IF;
    EXECUTE pg_catalog.replace(definition, lookup,
                               E'\n        PERFORM app_private.forward_context_to_workers();  -- citus/forward_before_lookup' || lookup);
END
$citus$;

COMMIT;
