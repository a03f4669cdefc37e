-- Verify tenantdb:integrations/external_connections on pg
BEGIN;

SELECT tenant_id, id, workspace_id, service_type, display_name, service_config, credential_key_id, credential_ciphertext, status,
       created_by, created_at, updated_at
FROM app.external_connections WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.external_connections'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_policy
WHERE polrelid = 'app.external_connections'::regclass AND polname = 'tenant_isolation' AND NOT polpermissive;

ROLLBACK;
