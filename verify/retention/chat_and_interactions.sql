-- Verify tenantdb:retention/chat_and_interactions on pg
BEGIN;

SELECT 1 / (count(*) = 2)::int FROM archive.retention_targets WHERE table_name IN ('app.messages', 'app.interactions');
SELECT 'app.messages_created_idx'::regclass;

ROLLBACK;
