-- Verify tenantdb:audit/maintenance_logins_after_merge on pg
BEGIN;

SELECT 1 / (pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::regprocedure),
                              'pg_has_role(r.oid, ''tenantdb_maintenance''') > 0)::int;
SELECT 1 / (pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::regprocedure),
                              'bind_context') > 0)::int;

ROLLBACK;
