-- Verify tenantdb:audit/triggers on pg
BEGIN;

SELECT 1 / (count(*) = 7)::int FROM pg_catalog.pg_trigger
WHERE tgfoid = 'app_private.audit_row_change()'::regprocedure
  AND tgname IN ('audit_role_change', 'audit_membership_change', 'audit_credential_change', 'audit_deletion');

ROLLBACK;
