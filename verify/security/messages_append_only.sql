-- Verify tenantdb:security/messages_append_only on pg
BEGIN;

SELECT 1 / (count(*) = 1)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.messages'::regclass AND polname = 'messages_insert_app'
  AND pg_get_expr(polwithcheck, polrelid) LIKE '%role = ''user''%';

ROLLBACK;
