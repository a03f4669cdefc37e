-- Deploy tenantdb:citus/policies to pg
-- On a Citus cluster only (the citus extension is installed): the policy design that stock Citus
-- cannot weaken (docs/scale-out.md, "Upstream defect" and "The design answers"). Stock Citus
-- re-creates a RESTRICTIVE policy as PERMISSIVE on the shards and on its "Citus local tables",
-- and refuses subqueries in policies. So, generated from the catalog at deploy time, for every
-- policy of the product schemas (app, app_private, cache_private, archive):
--   1. the once-per-statement idiom ( SELECT app.f() AS f ) becomes the plain call app.f();
--   2. every PERMISSIVE policy of a table with a RESTRICTIVE tenant_isolation policy carries that
--      tenant check itself: USING (tenant check) AND (own USING), WITH CHECK (tenant check) AND
--      (own WITH CHECK). (P1 OR P2) AND R = (P1 AND R) OR (P2 AND R): the rows each role may
--      reach are exactly those of the restrictive design;
--   3. the RESTRICTIVE tenant_isolation policies are dropped (once Citus makes them permissive
--      they would admit every row of the tenant and undo the role policies);
--   4. a permissive policy that still reads a table through a subquery (Citus refuses it) is
--      dropped: that access is lost on Citus (fail closed) until the policy is rewritten; the
--      list is in app_private.citus_replaced_policies (replaced_by = 'dropped').
-- Every policy touched is saved first, as it was, in app_private.citus_replaced_policies, from
-- which the revert re-creates it exactly. Without the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    product_schemas CONSTANT text[] := ARRAY['app', 'app_private', 'cache_private', 'archive'];
    initplan_call CONSTANT text := '\( SELECT ([a-z_]+\.[a-z_]+\(\)) AS [a-z_]+\)';
    p record;
    restrictive record;
    new_using text;
    new_check text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/policies: no citus extension here, nothing to change';
        RETURN;
    END IF;

    CREATE TABLE app_private.citus_replaced_policies (
        table_name text NOT NULL,
        policy_name name NOT NULL,
        permissive text NOT NULL CHECK (permissive IN ('PERMISSIVE', 'RESTRICTIVE')),
        command text NOT NULL CHECK (command IN ('ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE')),
        roles name[] NOT NULL,
        using_expression text,
        check_expression text,
        policy_comment text,
        replaced_by text NOT NULL CHECK (replaced_by IN ('altered', 'dropped')),
        PRIMARY KEY (table_name, policy_name)
    );
    COMMENT ON TABLE app_private.citus_replaced_policies IS
        'Citus only (citus/policies): every policy as it was before the Citus-safe rewrite, so that the revert re-creates it exactly. replaced_by: altered (tenant check added, InitPlan calls unwrapped) or dropped (restrictive tenant_isolation, or a subquery Citus refuses). Owner only.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.table_name IS 'Schema-qualified table of the policy, quoted as format(''%I.%I'').';
    COMMENT ON COLUMN app_private.citus_replaced_policies.policy_name IS 'Name of the policy.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.permissive IS 'PERMISSIVE or RESTRICTIVE, as in pg_policies.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.command IS 'ALL, SELECT, INSERT, UPDATE or DELETE, as in pg_policies.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.roles IS 'Roles the policy applies to (public for all), as in pg_policies.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.using_expression IS 'USING expression before the rewrite (NULL: none).';
    COMMENT ON COLUMN app_private.citus_replaced_policies.check_expression IS 'WITH CHECK expression before the rewrite (NULL: none).';
    COMMENT ON COLUMN app_private.citus_replaced_policies.policy_comment IS 'COMMENT ON POLICY before the rewrite.';
    COMMENT ON COLUMN app_private.citus_replaced_policies.replaced_by IS 'What the deploy did: altered or dropped.';

    INSERT INTO app_private.citus_replaced_policies
    SELECT pg_catalog.format('%I.%I', s.schemaname, s.tablename), s.policyname, s.permissive, s.cmd, s.roles,
           s.qual, s.with_check,
           (SELECT d.description FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_description d
                ON d.objoid = pol.oid AND d.classoid = 'pg_catalog.pg_policy'::regclass
             WHERE pol.polrelid = pg_catalog.format('%I.%I', s.schemaname, s.tablename)::regclass
               AND pol.polname = s.policyname),
           'altered'
      FROM pg_catalog.pg_policies s
     WHERE s.schemaname = ANY (product_schemas);

    FOR p IN SELECT * FROM app_private.citus_replaced_policies ORDER BY table_name, policy_name LOOP
        IF p.permissive = 'RESTRICTIVE' THEN
            IF p.policy_name <> 'tenant_isolation' THEN
                RAISE EXCEPTION 'citus/policies: restrictive policy % on % is not tenant_isolation; write its Citus form by hand',
                    p.policy_name, p.table_name;
            END IF;
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', p.policy_name, p.table_name);
            UPDATE app_private.citus_replaced_policies SET replaced_by = 'dropped'
             WHERE table_name = p.table_name AND policy_name = p.policy_name;
            CONTINUE;
        END IF;
        new_using := pg_catalog.regexp_replace(p.using_expression, initplan_call, '\1', 'g');
        new_check := pg_catalog.regexp_replace(p.check_expression, initplan_call, '\1', 'g');
        IF coalesce(new_using, '') ~* '\(\s*SELECT\s' OR coalesce(new_check, '') ~* '\(\s*SELECT\s' THEN
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', p.policy_name, p.table_name);
            UPDATE app_private.citus_replaced_policies SET replaced_by = 'dropped'
             WHERE table_name = p.table_name AND policy_name = p.policy_name;
            CONTINUE;
        END IF;
        SELECT r.using_expression, r.check_expression INTO restrictive
          FROM app_private.citus_replaced_policies r
         WHERE r.table_name = p.table_name AND r.policy_name = 'tenant_isolation' AND r.permissive = 'RESTRICTIVE';
        IF FOUND THEN
            IF new_using IS NOT NULL THEN
                new_using := pg_catalog.regexp_replace(restrictive.using_expression, initplan_call, '\1', 'g')
                             || ' AND (' || new_using || ')';
            END IF;
            IF new_check IS NOT NULL THEN
                new_check := pg_catalog.regexp_replace(coalesce(restrictive.check_expression, restrictive.using_expression),
                                                       initplan_call, '\1', 'g')
                             || ' AND (' || new_check || ')';
            END IF;
        END IF;
        IF new_using IS NOT DISTINCT FROM p.using_expression AND new_check IS NOT DISTINCT FROM p.check_expression THEN
            DELETE FROM app_private.citus_replaced_policies
             WHERE table_name = p.table_name AND policy_name = p.policy_name;   -- unchanged: nothing to restore
            CONTINUE;
        END IF;
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s', p.policy_name, p.table_name)
             || CASE WHEN new_using IS NOT NULL THEN ' USING (' || new_using || ')' ELSE '' END
             || CASE WHEN new_check IS NOT NULL THEN ' WITH CHECK (' || new_check || ')' ELSE '' END;
    END LOOP;
END
$citus$;

COMMIT;
