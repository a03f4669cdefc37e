-- Revert tenantdb:workspaces/current_workspace_ids from pg
BEGIN;

DROP POLICY workspace_members_all_service ON app.workspace_members;
DROP POLICY workspace_members_delete_app ON app.workspace_members;
DROP POLICY workspace_members_update_app ON app.workspace_members;
DROP POLICY workspace_members_insert_app ON app.workspace_members;
DROP POLICY workspace_members_select_app ON app.workspace_members;
DROP POLICY workspaces_all_service ON app.workspaces;
DROP POLICY workspaces_delete_app ON app.workspaces;
DROP POLICY workspaces_update_app ON app.workspaces;
DROP POLICY workspaces_insert_app ON app.workspaces;
DROP POLICY workspaces_select_app ON app.workspaces;
DROP POLICY workspace_members_select_for_definer ON app.workspace_members;
DROP FUNCTION app_private.current_workspace_ids(text);

COMMIT;
