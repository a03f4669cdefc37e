-- Deploy tenantdb:retention/archive_purge to pg
-- Archived rows do not stay forever: a tenant's archive_days (its default retention row)
-- says how long rows stay in archive.archived_rows after they were archived; `tenantdb
-- retention purge-archive` (maintenance role) deletes older ones in batches and writes one
-- RETENTION summary per tenant and batch to app.audit_log. NULL keeps archived rows forever.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- a count of days, CHECKed far below 2^31; hence:
-- squawk-ignore prefer-bigint-over-int
ALTER TABLE app.retention_policies ADD COLUMN archive_days integer
    CONSTRAINT retention_policies_archive_days_range CHECK (archive_days BETWEEN 1 AND 36500);
COMMENT ON COLUMN app.retention_policies.archive_days IS
    'Archived rows (archive.archived_rows) older than this many days since archiving are purged (1-36500; NULL keeps them). Read from the tenant''s default row only.';
COMMENT ON CONSTRAINT retention_policies_archive_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';

-- Built in the change's transaction (CONCURRENTLY cannot run in one): with a large archive,
-- build it CONCURRENTLY by hand first (same name), then deploy; hence:
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS archived_rows_tenant_archived_at_idx ON archive.archived_rows (tenant_id, archived_at);
COMMENT ON INDEX archive.archived_rows_tenant_archived_at_idx IS 'A tenant''s archived rows by age (what the purge deletes).';

GRANT DELETE ON archive.archived_rows TO tenantdb_maintenance;

COMMIT;
