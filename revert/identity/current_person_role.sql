-- Revert tenantdb:identity/current_person_role from pg
BEGIN;

DROP TRIGGER users_role_change_guard ON app.users;
DROP FUNCTION app_private.users_guard_role_change();
DROP POLICY users_all_service ON app.users;
DROP POLICY users_delete_app ON app.users;
DROP POLICY users_update_app ON app.users;
DROP POLICY users_insert_app ON app.users;
DROP POLICY users_select_app ON app.users;
DROP POLICY users_select_for_definer ON app.users;
DROP FUNCTION app_private.current_person_role();

COMMIT;
