-- Revert tenantdb:citus/workspace_policies from pg
-- Drops the policies the deploy re-created (listed in app_private.citus_restored_policies) and
-- that table; without the citus extension nothing to do.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    p record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR p IN SELECT * FROM app_private.citus_restored_policies ORDER BY table_name, policy_name LOOP
        EXECUTE pg_catalog.format('DROP POLICY %I ON %s', p.policy_name, p.table_name);
    END LOOP;
    DROP TABLE app_private.citus_restored_policies;
END
$citus$;

COMMIT;
