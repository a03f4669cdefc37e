-- Revert tenantdb:security/explain_row_access from pg
BEGIN;

REVOKE EXECUTE ON FUNCTION app_private.current_person_role(), app_private.current_learner_id(),
    app_private.current_course_ids(), app_private.current_workspace_ids(text) FROM tenantdb_maintenance;
DROP FUNCTION app_private.explain_row_access(regclass, text, name);

COMMIT;
