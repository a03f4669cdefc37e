-- Verify tenantdb:workspaces/conversation_artifacts on pg
BEGIN;

SELECT tenant_id, id, conversation_id, user_id, message_id, artifact_id, workspace_id, relation, created_at
FROM app.conversation_artifacts WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.conversation_artifacts'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.conversation_artifacts'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
