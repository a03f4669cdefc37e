-- Verify tenantdb:conversations/messages on pg
BEGIN;

SELECT tenant_id, id, conversation_id, user_id, role, content, citations, domains, feedback_score,
       input_tokens, output_tokens, cost_usd, created_at
FROM app.messages WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.messages'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.messages'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
