-- Deploy tenantdb:perf/interactions_staff_check_once to pg
-- Issue 13 (session 11): the read policy of app.interactions ("a person's own requests, or every
-- request of the tenant for educators, coaches and admins") answers its role question once per
-- statement, as perf/staff_check_once made the five other staff-wide read policies do.
-- Before: `user_id = (SELECT app.current_user_id()) OR (SELECT resolved_person_role()) = ANY (ARRAY[...])`:
-- the search of three role names sat in the row filter of every partition. app.interactions is
-- partitioned by month (15 partitions in the bench), and PostgreSQL sets up a policy's expression
-- once per partition it scans, at every executor start, whether or not a row reaches it: the
-- search, its array and its operator's EXECUTE check 15 times per statement.
-- After: `... OR (SELECT (resolved_person_role() = ANY (ARRAY[...]))::integer) = 1`: the InitPlan
-- answers the question (1 for staff, 0 otherwise, NULL without a role) and each partition's filter
-- compares one integer parameter. Server-side, executor start included
-- (scripts/bench_policy_variants.py, 10M-row bench, 4 rounds x 800 transactions per side): an
-- educator's view of a student's interactions (user_interactions_view) 14.3 -> 11.9 us over the
-- floor; a student's own interactions 10.4 -> 9.9 us.
-- Why an integer and not the boolean itself (10.2 and 8.6 us): a bare boolean parameter is
-- estimated true for half of the rows, and that moved a student's plan of app.v_user_interactions
-- from the user's index to a scan of the tenant's interactions (a plan that shows the student how
-- many rows the policy removed: tests/test_interactions_staff_check_once.py). `$n = 1` is
-- estimated as one equality (0.5 %) where the search of three names was three (1.5 %): the same
-- plans, estimates a little lower where the role arm counts.
-- Who sees what does not change: the same two tests joined by the same OR, on the same
-- app_private.resolved_person_role(): staff get 1 = 1 (true), others 0 = 1 (false), a person
-- without a role NULL = 1 (NULL), as the comparison gave before. The tenant_isolation policy
-- (restrictive) and the write policies are untouched. Each partition carries a copy of the
-- parent's policies (app_private.secure_partition): the copies change with it, and partitions made
-- later copy the new text.
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
            ' OR (SELECT (app_private.resolved_person_role() = ANY (ARRAY[''educator'', ''coach'', ''admin'']))::integer) = 1)', relation);
        EXECUTE pg_catalog.format('COMMENT ON POLICY interactions_select_app ON %s IS %L', relation,
            'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): each partition''s filter compares one integer, not a search of three role names (perf/interactions_staff_check_once).');
    END LOOP;
END
$deploy$;

COMMIT;
