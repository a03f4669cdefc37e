-- Deploy tenantdb:partitions/audit_log to pg
-- app.audit_log becomes RANGE-partitioned by month: every row kept, the partition column appended to
-- its primary key (PostgreSQL requires it in every unique key), everything else as it was
-- (app_private.rebuild_history_table reads it from the catalog), one partition per month with
-- rows up to three months ahead plus a DEFAULT partition, each with the parent's forced RLS,
-- policies and grants.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

SELECT app_private.rebuild_history_table('app.audit_log', 'occurred_at');

COMMIT;
