-- Verify tenantdb:citus/policies on pg
-- With Citus: no RESTRICTIVE policy and no subquery left in the product schemas' policies, every
-- permissive policy of a table that had tenant_isolation checks the tenant itself. Without Citus:
-- nothing was changed (no saved-policies table).
BEGIN;

DO $verify$
DECLARE
    weak text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_replaced_policies') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/policies changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I %I', s.schemaname, s.tablename, s.policyname), ', ') INTO weak
      FROM pg_catalog.pg_policies s
     WHERE s.schemaname IN ('app', 'app_private', 'cache_private', 'archive')
       AND (s.permissive = 'RESTRICTIVE'
            OR coalesce(s.qual, '') ~* '\(\s*SELECT\s' OR coalesce(s.with_check, '') ~* '\(\s*SELECT\s');
    IF weak IS NOT NULL THEN
        RAISE EXCEPTION 'restrictive or subquery policies left on Citus: %', weak;
    END IF;
    EXECUTE $q$
        SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I %I', s.schemaname, s.tablename, s.policyname), ', ')
          FROM pg_catalog.pg_policies s
          JOIN app_private.citus_replaced_policies r
            ON r.table_name = pg_catalog.format('%I.%I', s.schemaname, s.tablename) AND r.policy_name = 'tenant_isolation'
         WHERE coalesce(s.qual, s.with_check) !~ 'tenant_id = app\.current_tenant_id\(\)'
            OR coalesce(s.with_check, s.qual) !~ 'tenant_id = app\.current_tenant_id\(\)'
    $q$ INTO weak;
    IF weak IS NOT NULL THEN
        RAISE EXCEPTION 'permissive policies without the tenant check on Citus: %', weak;
    END IF;
END
$verify$;

ROLLBACK;
