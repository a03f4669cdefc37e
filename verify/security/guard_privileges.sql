-- Verify tenantdb:security/guard_privileges on pg
BEGIN;

DO $verify$
BEGIN
    IF NOT pg_catalog.pg_has_role('tenantdb_maintenance', 'pg_signal_backend', 'USAGE')
       OR NOT pg_catalog.pg_has_role('tenantdb_maintenance', 'pg_read_all_stats', 'USAGE') THEN
        RAISE EXCEPTION 'tenantdb_maintenance lacks pg_signal_backend or pg_read_all_stats';
    END IF;
    IF pg_catalog.pg_has_role('tenantdb_app', 'pg_signal_backend', 'MEMBER')
       OR pg_catalog.pg_has_role('tenantdb_service', 'pg_signal_backend', 'MEMBER')
       OR pg_catalog.pg_has_role('tenantdb_app', 'pg_read_all_stats', 'MEMBER')
       OR pg_catalog.pg_has_role('tenantdb_service', 'pg_read_all_stats', 'MEMBER') THEN
        RAISE EXCEPTION 'a client group may signal or watch other sessions';
    END IF;
END
$verify$;

ROLLBACK;
