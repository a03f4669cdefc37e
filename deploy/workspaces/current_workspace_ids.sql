-- Deploy tenantdb:workspaces/current_workspace_ids to pg
-- The workspaces of the acting person, looked up once per statement. Policies call it as
-- workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[]): the sub-select
-- becomes an InitPlan, so membership is read once per statement, not once per row.
-- Member roles are ranked viewer < editor < owner: asking for 'editor' returns the workspaces
-- where the person is editor or owner. Definer (owner) so it reads app.workspace_members
-- whatever the caller may see; the owner gets a narrow policy (its own memberships only).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.current_workspace_ids(min_member_role text)
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(array_agg(m.workspace_id), '{}'::uuid[])
    FROM app.workspace_members m
    WHERE m.tenant_id = app.current_tenant_id()
      AND m.user_id = app.current_user_id()
      AND array_position(ARRAY['viewer', 'editor', 'owner'], m.member_role)
          >= array_position(ARRAY['viewer', 'editor', 'owner'], min_member_role);
END;
COMMENT ON FUNCTION app_private.current_workspace_ids(text) IS
    'Ids of the workspaces where the acting person (app.user_id) has at least the given member role (viewer < editor < owner), in the transaction''s tenant; empty without a user context. Definer, fixed search_path; used inside policies only.';
REVOKE ALL ON FUNCTION app_private.current_workspace_ids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.current_workspace_ids(text) TO tenantdb_app, tenantdb_service;

CREATE POLICY workspace_members_select_for_definer ON app.workspace_members
    FOR SELECT TO tenantdb_owner
    USING (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY workspace_members_select_for_definer ON app.workspace_members IS
    'Lets owner-run definer functions (current_workspace_ids) read the acting person''s own memberships, in the current tenant only.';

-- app.workspaces
CREATE POLICY workspaces_select_app ON app.workspaces
    FOR SELECT TO tenantdb_app
    USING (id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspaces_select_app ON app.workspaces IS 'Members (any member role) read their workspaces; tenant admins read all.';

CREATE POLICY workspaces_insert_app ON app.workspaces
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspaces_insert_app ON app.workspaces IS 'Tenant admins create workspaces (and name their first owner in workspace_members).';

CREATE POLICY workspaces_update_app ON app.workspaces
    FOR UPDATE TO tenantdb_app
    USING (id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspaces_update_app ON app.workspaces IS 'Workspace owners rename and describe their workspaces; tenant admins any.';

CREATE POLICY workspaces_delete_app ON app.workspaces
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspaces_delete_app ON app.workspaces IS 'Only tenant admins delete workspaces (with all their content).';

CREATE POLICY workspaces_all_service ON app.workspaces
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workspaces_all_service ON app.workspaces IS 'The service role reads and writes every workspace of the transaction''s tenant.';

-- app.workspace_members
CREATE POLICY workspace_members_select_app ON app.workspace_members
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_members_select_app ON app.workspace_members IS 'Members see who else is in their workspaces; tenant admins see all memberships.';

CREATE POLICY workspace_members_insert_app ON app.workspace_members
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_members_insert_app ON app.workspace_members IS 'Workspace owners add members to their workspaces; tenant admins to any.';

CREATE POLICY workspace_members_update_app ON app.workspace_members
    FOR UPDATE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_members_update_app ON app.workspace_members IS 'Workspace owners change member roles in their workspaces; tenant admins in any.';

CREATE POLICY workspace_members_delete_app ON app.workspace_members
    FOR DELETE TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('owner'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY workspace_members_delete_app ON app.workspace_members IS 'Workspace owners remove members from their workspaces; tenant admins from any.';

CREATE POLICY workspace_members_all_service ON app.workspace_members
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY workspace_members_all_service ON app.workspace_members IS 'The service role reads and writes every membership of the transaction''s tenant.';

COMMIT;
