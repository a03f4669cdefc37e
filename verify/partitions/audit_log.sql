-- Verify tenantdb:partitions/audit_log on pg
BEGIN;

-- Partitioned by range on the time column, and every partition guarded like its parent.
SELECT 1 / (SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'app.audit_log'::regclass AND partstrat = 'r')::int;
SELECT 1 / (NOT EXISTS (
    SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'app.audit_log'::regclass
      AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
           OR EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = i.inhparent
                      AND NOT EXISTS (SELECT FROM pg_policy q WHERE q.polrelid = c.oid AND q.polname = p.polname)))))::int;
SELECT 1 / (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'app.audit_log'::regclass AND c.relname = 'audit_log_default')::int;

ROLLBACK;
