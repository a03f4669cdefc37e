-- Deploy tenantdb:perf/interactions_staff_check_once to pg
-- Issue 13 (session 11): the read policy of app.interactions ("a person's own requests, or every
-- request of the tenant for educators, coaches and admins") asks its role question as one boolean
-- InitPlan, as the roster policy of app.learner_profiles does (perf/learner_profiles_roster_estimate).
-- Before: `user_id = (SELECT app.current_user_id()) OR (SELECT resolved_person_role()) = ANY (ARRAY[...])`:
-- the search of three role names sat in the row filter of every partition. app.interactions is
-- partitioned by month (15 partitions), and PostgreSQL sets up a policy's expression once per
-- partition it scans, at every executor start, whether or not a row reaches it: the search and its
-- operator's EXECUTE check 15 times per statement. After: `... OR (SELECT resolved_person_role() = ANY (ARRAY[...]))`:
-- the InitPlan answers the question once, and each partition's filter tests a boolean parameter.
-- Server-side, executor start included (scripts/bench_policy_variants.py, 10M-row bench, 4 rounds
-- x 800): an educator's view of a student's interactions (user_interactions_view) 14.3 -> 10.2 us
-- over the floor; a student's own interactions 10.4 -> 8.6 us. The integer form of
-- perf/staff_check_once (`(SELECT (...)::integer) = 1`) saved 2.5 and 0.5 us: it keeps an
-- operator per partition.
-- Estimates: a bare boolean parameter is estimated true for half of the rows, so the OR's estimate
-- rises from ~1.5 % to ~50 % of the tenant's interactions. Staff read all of them, so that is
-- nearer for them; a student's reads filter by their user_id (own_interactions, the view by email),
-- which the estimate of the conjunction follows, and the bench's plan checks pin their plans.
-- Who sees what does not change: the same two tests joined by the same OR, on the same
-- app_private.resolved_person_role(): staff true, others false, a person without a role NULL, as
-- the comparison gave before. The tenant_isolation policy (restrictive) and the write policies are
-- untouched. Each partition carries a copy of the parent's policies (app_private.secure_partition):
-- the copies change with it, and partitions made later copy the new text.
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
            ' OR (SELECT app_private.resolved_person_role() = ANY (ARRAY[''educator'', ''coach'', ''admin''])))', relation);
        EXECUTE pg_catalog.format('COMMENT ON POLICY interactions_select_app ON %s IS %L', relation,
            'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one boolean InitPlan: each partition''s filter tests a parameter, not a search of three role names (perf/interactions_staff_check_once).');
    END LOOP;
END
$deploy$;

COMMIT;
