-- Deploy tenantdb:cache/visibility to pg
-- The acting person's role and visibility epoch, for cache keys: an entry is served only to a
-- caller with the same tenant, person, role and epoch as the one it was read for. Definer (the
-- epochs live in cache_private, which clients cannot use); it returns the caller's own values only.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_epoch bigint)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.role,
           coalesce((SELECT e.epoch
                     FROM cache_private.visibility_epochs e
                     WHERE e.tenant_id = u.tenant_id AND e.user_id = u.id), 0)
    FROM app.users u
    WHERE u.tenant_id = app.current_tenant_id()
      AND u.id = app.current_user_id();
END;
COMMENT ON FUNCTION app.cache_visibility() IS
    'Role and visibility epoch of the acting person (app.user_id) in the transaction''s tenant; NULLs without a user context. Cache keys bind both, so a role or membership change makes older entries unreachable. Definer, fixed search_path; returns only the caller''s own values.';
REVOKE ALL ON FUNCTION app.cache_visibility() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.cache_visibility() TO tenantdb_app, tenantdb_service;

COMMIT;
