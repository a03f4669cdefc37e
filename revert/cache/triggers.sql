-- Revert tenantdb:cache/triggers from pg
BEGIN;

DROP TRIGGER cache_person_deleted ON app.users;
DROP TRIGGER cache_role_change ON app.users;
DROP TRIGGER cache_visibility_change ON app.workspace_members;
DROP TRIGGER cache_invalidation ON app.learner_profiles;
DROP TRIGGER cache_invalidation ON app.workspace_configs;
DROP TRIGGER cache_invalidation ON app.user_sessions;
DROP FUNCTION cache_private.record_person_change();
DROP FUNCTION cache_private.record_visibility_change();
DROP FUNCTION cache_private.record_row_change();

COMMIT;
