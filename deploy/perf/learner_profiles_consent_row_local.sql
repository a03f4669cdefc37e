-- Deploy tenantdb:perf/learner_profiles_consent_row_local to pg
-- The roster policy of app.learner_profiles decides consent from the row itself instead of
-- `id = ANY(<the ids of every consenting learner>)`. PostgreSQL searches an array that arrives
-- as an InitPlan parameter linearly for every row (hashed ScalarArrayOpExpr is only built for
-- constant arrays), so an educator's roster in a tenant of 9,226 learners made 9,226 searches of
-- a 6,920-element array: 125 ms (EXPLAIN ANALYZE, tenantdb bench full data). The row-local form
-- is the expression app_private.staff_visible_learner_ids() already applies to the same rows
-- (policy learner_profiles_select_for_definer), so who sees which profile does not change:
-- a person their own profile, educators and coaches the profiles whose
-- privacy_settings.data_sharing is not 'none', admins every profile of the tenant.
-- A person's own profile stays an id comparison: app_private.own_visible_learner_ids() is the
-- one-element array of their learner id, read from the bound context (no query).
-- On Citus (citus/policies rewrote the policies without InitPlan subqueries) the policy is left alone.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.own_visible_learner_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN pg_catalog.array_remove(ARRAY[app_private.resolved_learner_id()], NULL::uuid);
COMMENT ON FUNCTION app_private.own_visible_learner_ids() IS
    'The acting person''s own learner profile id as a one-element array (empty without one), from the bound context: the part of the visible learner ids a policy compares by id. Inlinable, no query; for the roster policy of app.learner_profiles, which decides everyone else''s visibility from the row.';
REVOKE ALL ON FUNCTION app_private.own_visible_learner_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.own_visible_learner_ids()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/learner_profiles_consent_row_local: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY learner_profiles_select_app ON app.learner_profiles
        USING (id = ANY ((SELECT app_private.own_visible_learner_ids())::uuid[])
               OR ((SELECT app_private.resolved_person_role()) IN ('educator', 'coach')
                   AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none')
               OR (SELECT app_private.resolved_person_role()) = 'admin');
    COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
        'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing not none); admins all of the tenant. Decided from the row (no array of visible ids): an educator''s roster costs one comparison per row, not a search of every consenting learner''s id.';
END
$deploy$;

COMMIT;
