-- Deploy tenantdb:security/admin_only_columns to pg
-- Column grants cannot tell a student from an admin (both are tenantdb_app), so the columns only
-- admins may write get a row trigger: naming one of them in an UPDATE, with any value, fails
-- with 42501 unless the acting person is a tenant admin or there is no acting person (the
-- service role). `UPDATE OF` fires when the column is a target of the UPDATE, as a column grant
-- would refuse it, so `SET email = email` is refused too. The trigger is named to fire after
-- users_role_change_guard (triggers fire in name order), which keeps its own message for roles.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.refuse_admin_only_columns()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    actor uuid;
BEGIN
    -- No context (a maintenance job): no person acts. Once the context is bound to its
    -- transaction (security/bound_context) the accessor raises 42501 there instead of NULL.
    BEGIN
        actor := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        actor := NULL;
    END;
    IF actor IS NOT NULL
       AND app_private.current_person_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only a tenant admin may set % of %.%',
                        array_to_string(TG_ARGV, ', '), TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'These columns bind an account or record what the platform computed: an admin of the tenant or the service role writes them.';
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.refuse_admin_only_columns() IS
    'Row trigger: an UPDATE naming the columns of the trigger (its arguments, for the message) fails with 42501 unless the acting person is a tenant admin or no person acts (service role). Definer so it can read the acting person''s role.';
REVOKE ALL ON FUNCTION app_private.refuse_admin_only_columns() FROM PUBLIC;

CREATE TRIGGER write_columns_admin_only
    BEFORE UPDATE OF email, role, sso_provider, sso_id, lti_user_id ON app.users
    FOR EACH ROW
    EXECUTE FUNCTION app_private.refuse_admin_only_columns('email', 'role', 'sso_provider', 'sso_id', 'lti_user_id');
COMMENT ON TRIGGER write_columns_admin_only ON app.users IS
    'Identity-binding columns (email, SSO and LTI subjects) and the role: only admins (or the service role) set them; a person cannot bind their account to another identity.';

CREATE TRIGGER write_columns_admin_only
    BEFORE UPDATE OF lti_user_id, cognitive_profile ON app.learner_profiles
    FOR EACH ROW
    EXECUTE FUNCTION app_private.refuse_admin_only_columns('lti_user_id', 'cognitive_profile');
COMMENT ON TRIGGER write_columns_admin_only ON app.learner_profiles IS
    'The LTI binding and the cognitive profile (model output): only admins (or the service role) set them; a student changes only their privacy settings.';

COMMIT;
