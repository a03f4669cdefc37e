-- Revert tenantdb:security/guard_privileges from pg
-- The maintenance group loses pg_read_all_stats and pg_signal_backend, unless logins inherit it.
-- Roles are cluster-wide: while any login is a member of tenantdb_maintenance (another database
-- of this cluster may still run this change, and its guard connects as that login), the grants
-- stay, as security/group_roles keeps its groups NOLOGIN; revoke them by hand if no guard runs.
BEGIN;

DO $revert$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
               JOIN pg_catalog.pg_roles r ON r.oid = m.member
               WHERE g.rolname = 'tenantdb_maintenance' AND r.rolcanlogin) THEN
        RAISE NOTICE 'keeping pg_read_all_stats and pg_signal_backend of tenantdb_maintenance: logins are members of it';
    ELSE
        REVOKE pg_read_all_stats, pg_signal_backend FROM tenantdb_maintenance;
    END IF;
END
$revert$;

COMMIT;
