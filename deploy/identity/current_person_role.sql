-- Deploy tenantdb:identity/current_person_role to pg
-- The acting person's role in the tenant, looked up once per statement. Policies call it as
-- (SELECT app_private.current_person_role()), which the planner runs once as an InitPlan.
-- It is SECURITY DEFINER (owner) so it can read app.users whatever the caller may see; the
-- owner itself obeys RLS, so it gets a narrow SELECT policy and still only sees the
-- transaction's tenant (tenant_isolation is restrictive). Clients hold EXECUTE (policies run
-- with the caller's rights) but no USAGE on app_private, so they cannot call it by name.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.current_person_role()
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT u.role
    FROM app.users u
    WHERE u.tenant_id = app.current_tenant_id()
      AND u.id = app.current_user_id();
END;
COMMENT ON FUNCTION app_private.current_person_role() IS
    'Role (student, educator, coach, admin) of the acting person (app.user_id) in the transaction''s tenant; NULL without a user context. Definer, fixed search_path; used inside policies only.';
REVOKE ALL ON FUNCTION app_private.current_person_role() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.current_person_role() TO tenantdb_app, tenantdb_service;

CREATE POLICY users_select_for_definer ON app.users
    FOR SELECT TO tenantdb_owner
    USING (id = (SELECT app.current_user_id()));
COMMENT ON POLICY users_select_for_definer ON app.users IS
    'Lets owner-run definer functions (current_person_role) read the acting person''s own row, in the current tenant only.';

-- People (user-facing role): one policy per command.
CREATE POLICY users_select_app ON app.users
    FOR SELECT TO tenantdb_app
    USING (
        id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY users_select_app ON app.users IS
    'A person reads their own row; educators, coaches and admins read the tenant''s roster.';

CREATE POLICY users_insert_app ON app.users
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY users_insert_app ON app.users IS 'Only tenant admins add users.';

CREATE POLICY users_update_app ON app.users
    FOR UPDATE TO tenantdb_app
    USING (
        id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) = 'admin'
    )
    WITH CHECK (
        id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) = 'admin'
    );
COMMENT ON POLICY users_update_app ON app.users IS
    'A person updates their own row (never their role: see trigger users_role_change_guard); admins update any user of the tenant.';

CREATE POLICY users_delete_app ON app.users
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY users_delete_app ON app.users IS 'Only tenant admins delete users.';

-- Platform back end (service role): the whole tenant.
CREATE POLICY users_all_service ON app.users
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY users_all_service ON app.users IS 'The service role reads and writes every user of the transaction''s tenant.';

-- Role changes: only an admin of the tenant, or the platform itself (no acting person).
CREATE FUNCTION app_private.users_guard_role_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF app.current_user_id() IS NOT NULL
       AND app_private.current_person_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only a tenant admin can change a user''s role'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Ask an admin of the tenant to change the role.';
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.users_guard_role_change() IS
    'Trigger of app.users: a role change needs the acting person to be a tenant admin (or no acting person: the platform itself). Definer so it can read the acting person''s role.';
REVOKE ALL ON FUNCTION app_private.users_guard_role_change() FROM PUBLIC;

CREATE TRIGGER users_role_change_guard
    BEFORE UPDATE OF role ON app.users
    FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION app_private.users_guard_role_change();
COMMENT ON TRIGGER users_role_change_guard ON app.users IS
    'Students (and educators, coaches) cannot change anyone''s role, their own included.';

COMMIT;
