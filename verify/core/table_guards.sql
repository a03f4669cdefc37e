-- Verify tenantdb:core/table_guards on pg
BEGIN;

SELECT 'app_private.guard_tenant_table(regclass)'::regprocedure;
SELECT 'app_private.require_tenant_context()'::regprocedure;
SELECT 'app_private.forbid_tenant_change()'::regprocedure;
SELECT 'app_private.set_updated_at()'::regprocedure;

ROLLBACK;
