-- Verify tenantdb:conversations/sharing on pg
BEGIN;

SELECT 'app.share_conversation(uuid)'::regprocedure, 'app.read_shared_conversation(text)'::regprocedure;
SELECT 1 / (prosecdef AND proconfig IS NOT NULL)::int FROM pg_catalog.pg_proc
WHERE oid = 'app_private.shared_conversation_messages(text)'::regprocedure;

ROLLBACK;
