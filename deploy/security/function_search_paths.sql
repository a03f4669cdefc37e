-- Deploy tenantdb:security/function_search_paths to pg
-- Every function whose body is resolved at run time gets a fixed search_path (lint
-- function_without_fixed_search_path). Their bodies already qualify every name, so nothing
-- changes in what they do; a caller's search_path (a schema or pg_temp object named like a
-- built-in) can no longer change it. guard_tenant_table() now also prints its target
-- schema-qualified. The inlinable SQL accessors (current_tenant_id(), current_user_id(),
-- context_uuid()) keep no SET clause: their SQL-standard bodies were bound when they were
-- created, and a SET clause would stop the planner from inlining them into every policy.
BEGIN;

ALTER FUNCTION app_private.reject_context(text, text) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.require_tenant_context() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.forbid_tenant_change() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.set_updated_at() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.guard_tenant_table(regclass) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.forbid_audit_change() SET search_path = pg_catalog, pg_temp;

COMMIT;
