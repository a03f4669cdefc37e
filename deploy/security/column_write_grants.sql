-- Deploy tenantdb:security/column_write_grants to pg
-- Least privilege down to columns for the user-facing role (sql/access_matrix.toml, [t.columns]):
-- the table-wide INSERT/UPDATE grants of tenantdb_app are replaced by column grants listing
-- what any person role may write. Columns left out are written by defaults, triggers or the
-- service role; naming one in an INSERT or UPDATE fails with 42501 before any row is read.
-- Where person roles differ (admins may write more), security/admin_only_columns adds a guard.
-- The service and maintenance roles keep their table-wide grants.
BEGIN;

-- People: display name by themselves; identity binding and role by admins (guarded per row).
REVOKE INSERT, UPDATE ON app.users FROM tenantdb_app;
GRANT INSERT (tenant_id, id, email, display_name, role, sso_provider, sso_id, lti_user_id) ON app.users TO tenantdb_app;
GRANT UPDATE (email, display_name, role, sso_provider, sso_id, lti_user_id) ON app.users TO tenantdb_app;

-- Learner profiles: students their privacy settings; admins also correct the model output and LTI binding.
REVOKE INSERT, UPDATE ON app.learner_profiles FROM tenantdb_app;
GRANT INSERT (tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings) ON app.learner_profiles TO tenantdb_app;
GRANT UPDATE (lti_user_id, cognitive_profile, privacy_settings) ON app.learner_profiles TO tenantdb_app;

-- Messages: append-only for people; they may rate an answer. What the AI said is the service's.
REVOKE INSERT, UPDATE ON app.messages FROM tenantdb_app;
GRANT INSERT (tenant_id, id, conversation_id, user_id, role, content) ON app.messages TO tenantdb_app;
GRANT UPDATE (feedback_score) ON app.messages TO tenantdb_app;

-- Owner and key columns do not move: a person's profile, conversation or membership stays theirs.
REVOKE INSERT, UPDATE ON app.user_profiles FROM tenantdb_app;
GRANT INSERT (tenant_id, user_id, bio, avatar_url, locale, time_zone, preferences) ON app.user_profiles TO tenantdb_app;
GRANT UPDATE (bio, avatar_url, locale, time_zone, preferences) ON app.user_profiles TO tenantdb_app;

-- share_token_sha256 and share_enabled: app.share_conversation() runs with the caller's rights.
REVOKE INSERT, UPDATE ON app.conversations FROM tenantdb_app;
GRANT INSERT (tenant_id, id, user_id, title, status) ON app.conversations TO tenantdb_app;
GRANT UPDATE (title, status, share_token_sha256, share_enabled) ON app.conversations TO tenantdb_app;

REVOKE INSERT, UPDATE ON app.workspace_members FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, user_id, member_role) ON app.workspace_members TO tenantdb_app;
GRANT UPDATE (member_role) ON app.workspace_members TO tenantdb_app;

-- Workspace content: created_by comes from the context (security/created_by_from_context).
REVOKE INSERT, UPDATE ON app.workspaces FROM tenantdb_app;
GRANT INSERT (tenant_id, id, name, description) ON app.workspaces TO tenantdb_app;
GRANT UPDATE (name, description) ON app.workspaces TO tenantdb_app;

REVOKE INSERT, UPDATE ON app.artifacts FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, name, artifact_type, file_path, status, metadata) ON app.artifacts TO tenantdb_app;
GRANT UPDATE (name, artifact_type, file_path, status, metadata) ON app.artifacts TO tenantdb_app;

REVOKE INSERT ON app.artifact_versions FROM tenantdb_app;
GRANT INSERT (tenant_id, id, artifact_id, workspace_id, version_number, content, change_note) ON app.artifact_versions TO tenantdb_app;

REVOKE INSERT, UPDATE ON app.external_connections FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, service_type, display_name, service_config, credential_key_id,
              credential_ciphertext, status) ON app.external_connections TO tenantdb_app;
GRANT UPDATE (display_name, service_config, credential_key_id, credential_ciphertext, status)
    ON app.external_connections TO tenantdb_app;

-- Content of courses, the knowledge graph and workspaces: keys, parents and timestamps do not move.
-- Interactions: people log requests; the AI's answer and latency are the service role's record.
REVOKE INSERT ON app.interactions FROM tenantdb_app;
GRANT INSERT (tenant_id, id, user_id, service_type, request_data) ON app.interactions TO tenantdb_app;
REVOKE INSERT ON app.conversation_artifacts FROM tenantdb_app;
GRANT INSERT (tenant_id, id, conversation_id, user_id, message_id, artifact_id, workspace_id, relation) ON app.conversation_artifacts TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.concepts FROM tenantdb_app;
GRANT INSERT (tenant_id, id, name, description, course_contexts) ON app.concepts TO tenantdb_app;
GRANT UPDATE (name, description, course_contexts) ON app.concepts TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.concept_prerequisites FROM tenantdb_app;
GRANT INSERT (tenant_id, concept_id, prerequisite_id) ON app.concept_prerequisites TO tenantdb_app;
GRANT UPDATE (concept_id, prerequisite_id) ON app.concept_prerequisites TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.courses FROM tenantdb_app;
GRANT INSERT (tenant_id, id, code, name, description, semester) ON app.courses TO tenantdb_app;
GRANT UPDATE (code, name, description, semester) ON app.courses TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.enrollments FROM tenantdb_app;
GRANT INSERT (tenant_id, id, user_id, course_id) ON app.enrollments TO tenantdb_app;
GRANT UPDATE (course_id) ON app.enrollments TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.documents FROM tenantdb_app;
GRANT INSERT (tenant_id, id, course_id, title, file_path, content_type) ON app.documents TO tenantdb_app;
GRANT UPDATE (title, file_path, content_type) ON app.documents TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.document_chunks FROM tenantdb_app;
GRANT INSERT (tenant_id, id, document_id, course_id, chunk_id, content, embedding, embedding_model, embedding_version, metadata) ON app.document_chunks TO tenantdb_app;
GRANT UPDATE (chunk_id, content, embedding, embedding_model, embedding_version, metadata) ON app.document_chunks TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.agents FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, name, agent_role, model, instructions, is_active) ON app.agents TO tenantdb_app;
GRANT UPDATE (name, agent_role, model, instructions, is_active) ON app.agents TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.workflows FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, name, description, status) ON app.workflows TO tenantdb_app;
GRANT UPDATE (name, description, status) ON app.workflows TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.phases FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workflow_id, workspace_id, position, name, agent_id, status) ON app.phases TO tenantdb_app;
GRANT UPDATE (position, name, agent_id, status) ON app.phases TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.workspace_settings FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, setting_key, setting_value) ON app.workspace_settings TO tenantdb_app;
GRANT UPDATE (setting_key, setting_value) ON app.workspace_settings TO tenantdb_app;
REVOKE INSERT, UPDATE ON app.workspace_configs FROM tenantdb_app;
GRANT INSERT (tenant_id, id, workspace_id, config_type, config) ON app.workspace_configs TO tenantdb_app;
GRANT UPDATE (config_type, config) ON app.workspace_configs TO tenantdb_app;

COMMIT;
