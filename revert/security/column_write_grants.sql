-- Revert tenantdb:security/column_write_grants from pg
-- A table-level REVOKE also revokes the column grants; then the table-wide grants of v0.1.0 return.
BEGIN;

REVOKE INSERT, UPDATE ON app.users, app.learner_profiles, app.messages, app.workspaces, app.artifacts,
    app.external_connections, app.user_profiles, app.conversations, app.workspace_members FROM tenantdb_app;
GRANT INSERT, UPDATE ON app.users, app.learner_profiles, app.messages, app.workspaces, app.artifacts,
    app.external_connections, app.user_profiles, app.conversations, app.workspace_members TO tenantdb_app;
REVOKE INSERT ON app.artifact_versions FROM tenantdb_app;
GRANT INSERT ON app.artifact_versions TO tenantdb_app;

REVOKE INSERT, UPDATE ON
    app.concepts, app.concept_prerequisites, app.courses, app.enrollments, app.documents,
    app.document_chunks, app.agents, app.workflows, app.phases, app.workspace_settings,
    app.workspace_configs
    FROM tenantdb_app;
GRANT INSERT, UPDATE ON
    app.concepts, app.concept_prerequisites, app.courses, app.enrollments, app.documents,
    app.document_chunks, app.agents, app.workflows, app.phases, app.workspace_settings,
    app.workspace_configs
    TO tenantdb_app;
REVOKE INSERT ON app.interactions, app.conversation_artifacts FROM tenantdb_app;
GRANT INSERT ON app.interactions, app.conversation_artifacts TO tenantdb_app;

COMMIT;
