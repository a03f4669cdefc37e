-- Revert tenantdb:security/guard_privileges from pg
-- Roles are cluster-wide: the maintenance group loses both rights in every database of this cluster.
BEGIN;

REVOKE pg_read_all_stats, pg_signal_backend FROM tenantdb_maintenance;

COMMIT;
