-- Verify tenantdb:citus/workspace_policies on pg
-- With Citus: the restored policies exist and none holds a subquery; without Citus: nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regclass('app_private.citus_restored_policies') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/workspace_policies changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    PERFORM 1 / (SELECT count(*) FROM app_private.citus_restored_policies r
                   JOIN pg_catalog.pg_policies s ON pg_catalog.format('%I.%I', s.schemaname, s.tablename) = r.table_name
                                                AND s.policyname = r.policy_name
                  WHERE coalesce(s.qual, '') !~* '\(\s*SELECT\s' AND coalesce(s.with_check, '') !~* '\(\s*SELECT\s'
                    AND coalesce(s.qual, s.with_check) ~ 'tenant_id = app\.current_tenant_id\(\)')::int
             / ((SELECT count(*) FROM app_private.citus_restored_policies)
                = (SELECT count(*) FROM app_private.citus_restored_policies r
                     JOIN pg_catalog.pg_policies s ON pg_catalog.format('%I.%I', s.schemaname, s.tablename) = r.table_name
                                                  AND s.policyname = r.policy_name))::int;
END
$verify$;

ROLLBACK;
