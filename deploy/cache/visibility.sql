-- Deploy tenantdb:cache/visibility to pg
-- What cache keys bind besides tenant and person: the person's role and a digest of their
-- workspace memberships, the two things that decide what the cached reads show them. Computed
-- by the caller under RLS (SECURITY INVOKER: a client reads its own users row and its own
-- memberships anyway), so no client-callable function runs with the owner's rights. Any change
-- of role or memberships changes the digest, so entries read before it can never match after it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.role,
           pg_catalog.md5(u.role || ';' || coalesce((
               SELECT pg_catalog.string_agg(m.workspace_id::text || ':' || m.member_role, ',' ORDER BY m.workspace_id)
               FROM app.workspace_members m
               WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), ''))
    FROM app.users u
    WHERE u.tenant_id = (SELECT app.current_tenant_id())
      AND u.id = (SELECT app.current_user_id());
END;
COMMENT ON FUNCTION app.cache_visibility() IS
    'Role of the acting person (app.user_id) and an md5 digest of role and workspace memberships, for cache keys; no row when the context names no person of the tenant (service role), 42501 without a context (app.set_context), like every accessor. Invoker: RLS shows the caller only their own row and memberships.';
REVOKE ALL ON FUNCTION app.cache_visibility() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.cache_visibility() TO tenantdb_app, tenantdb_service;

COMMIT;
