-- Deploy tenantdb:perf/interactions_staff_check_once to pg (reworked after @v0.4.0)
-- Issue 13 (session 18): the read policy of app.interactions asks its role question with no
-- operator in any partition's filter.
-- Before (the instance of @v0.4.0): `user_id = (SELECT app.current_user_id()) OR (SELECT
-- (resolved_person_role() = ANY (ARRAY[...]))::integer) = 1`. PostgreSQL sets up a policy's
-- expression once per partition a statement scans, at every executor start, whether or not a row
-- reaches it, and each operator in it costs a function set-up and an EXECUTE check: `= 1` is one
-- of the two operators of each of the 15 partitions' filters in the bench (0.6 us each; measured:
-- a constant `user_id <> '...'` policy 9 us over `true`, two of them under an OR 19 us).
-- After: `... OR (SELECT CASE WHEN resolved_person_role() = ANY (ARRAY[...]) THEN NULL ELSE 0 END)
-- IS NULL`. The InitPlan is NULL for staff and 0 for anyone else; `IS NULL` is a test of the
-- parameter, not a function: each partition's filter keeps one operator (the own-row test).
-- Server-side, executor start included (scripts/bench_policy_sets.py, 10M-row bench, 600 x 3
-- transactions per side): user_interactions_view 41 -> 33 us over the floor.
-- Why not the boolean itself (`OR (SELECT <role test>)`, as cheap): PostgreSQL estimates a bare
-- boolean parameter true for half of the rows, and that moved a student's plan of
-- app.v_user_interactions to a scan that shows how many rows the policy removed. `IS NULL` of a
-- parameter is estimated at 0.5 %, as `$n = 1` was: the same estimates and plans
-- (tests/test_interactions_staff_check_once.py compares them with the instance of @v0.4.0).
-- Who sees what does not change: staff got 1 = 1 (true) and now NULL IS NULL (true); anyone else
-- 0 = 1 and now 0 IS NULL (false); a person without a role got NULL = 1 (NULL) and now, as CASE
-- takes ELSE when its test is NULL, 0 IS NULL (false): neither passes a row that is not their
-- own. Only a true role test gives NULL; a NULL role gives 0, never the staff marker. The
-- tenant_isolation policy (restrictive) and the write policies are untouched. Each partition
-- carries a copy of the parent's policies (app_private.secure_partition): the copies change with
-- it, and partitions made later copy the new text.
-- On Citus (citus/policies owns the policy texts) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
DECLARE
    relation regclass;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/interactions_staff_check_once: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    FOR relation IN
        SELECT 'app.interactions'::regclass
        UNION ALL
        SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
        WHERE i.inhparent = 'app.interactions'::regclass
          AND EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = i.inhrelid AND p.polname = 'interactions_select_app')
    LOOP
        EXECUTE pg_catalog.format(
            'ALTER POLICY interactions_select_app ON %s USING (user_id = (SELECT app.current_user_id())'
            ' OR (SELECT CASE WHEN app_private.resolved_person_role() = ANY (ARRAY[''educator'', ''coach'', ''admin''])'
            ' THEN NULL::integer ELSE 0 END) IS NULL)', relation);
        EXECUTE pg_catalog.format('COMMENT ON POLICY interactions_select_app ON %s IS %L', relation,
            'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan, NULL for staff and 0 for anyone else, tested IS NULL: no operator to set up in each partition''s filter (perf/interactions_staff_check_once).');
    END LOOP;
END
$deploy$;

COMMIT;
