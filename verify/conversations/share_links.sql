-- Verify tenantdb:conversations/share_links on pg
BEGIN;

SELECT 'app.open_shared_conversation(text)'::regprocedure;
SELECT 1 / (NOT pg_catalog.has_table_privilege('tenantdb_app', 'app_private.conversation_share_links', 'SELECT'))::int;
SELECT 1 / (count(*) = 0)::int FROM app.open_shared_conversation('no such token');

ROLLBACK;
