-- Deploy tenantdb:security/guard_privileges to pg
-- `tenantdb guard` runs as a maintenance login: it reads every client session's state and locks
-- and ends the sessions that block other tenants (strong locks on product tables, idle in
-- transaction past a limit, statements past a limit). Seeing another role's pg_stat_activity row
-- needs pg_read_all_stats; signalling another role's backend needs pg_signal_backend (which never
-- reaches superuser backends). Both go to the maintenance group, inherited by its logins; client
-- groups get neither, so a client login sees and signals only its own sessions.
BEGIN;

GRANT pg_read_all_stats, pg_signal_backend TO tenantdb_maintenance WITH INHERIT TRUE;

COMMIT;
