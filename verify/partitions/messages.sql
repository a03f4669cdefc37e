-- Verify tenantdb:partitions/messages on pg
BEGIN;

-- Partitioned by range on the time column, and every partition guarded like its parent.
SELECT 1 / (SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'app.messages'::regclass AND partstrat = 'r')::int;
SELECT 1 / (NOT EXISTS (
    SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'app.messages'::regclass
      AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
           OR EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = i.inhparent
                      AND NOT EXISTS (SELECT FROM pg_policy q WHERE q.polrelid = c.oid AND q.polname = p.polname)))))::int;
SELECT 1 / (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'app.messages'::regclass AND c.relname = 'messages_default')::int;

SELECT message_created_at FROM app.conversation_artifacts WHERE false;
SELECT 1 / count(*)::int FROM pg_constraint
WHERE conname = 'conversation_artifacts_message_fkey' AND confrelid = 'app.messages'::regclass AND cardinality(conkey) = 4;

ROLLBACK;
