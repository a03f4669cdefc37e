-- Verify tenantdb:security/column_write_grants on pg
BEGIN;

-- No table-wide write grant left for the user-facing role; the column grants are there.
SELECT 1 / (NOT has_table_privilege('tenantdb_app', 'app.users', 'UPDATE'))::int;
SELECT 1 / (NOT has_table_privilege('tenantdb_app', 'app.messages', 'INSERT'))::int;
SELECT 1 / has_column_privilege('tenantdb_app', 'app.users', 'display_name', 'UPDATE')::int;
SELECT 1 / (NOT has_column_privilege('tenantdb_app', 'app.messages', 'content', 'UPDATE'))::int;
SELECT 1 / (NOT has_column_privilege('tenantdb_app', 'app.learner_profiles', 'user_id', 'UPDATE'))::int;
SELECT 1 / (NOT has_column_privilege('tenantdb_app', 'app.artifacts', 'created_by', 'INSERT'))::int;
SELECT 1 / has_column_privilege('tenantdb_app', 'app.artifact_versions', 'content', 'INSERT')::int;
SELECT 1 / (NOT has_column_privilege('tenantdb_app', 'app.conversations', 'user_id', 'UPDATE'))::int;
SELECT 1 / (NOT has_column_privilege('tenantdb_app', 'app.workspace_members', 'workspace_id', 'UPDATE'))::int;

ROLLBACK;
