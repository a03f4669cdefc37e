-- Revert tenantdb:retention/archive from pg
BEGIN;

DROP TABLE archive.archived_rows;
DROP TABLE archive.retention_runs;
DROP TABLE archive.retention_targets;
DROP SCHEMA archive;

COMMIT;
