-- Revert tenantdb:security/admin_only_columns from pg
BEGIN;

DROP TRIGGER write_columns_admin_only ON app.learner_profiles;
DROP TRIGGER write_columns_admin_only ON app.users;
DROP FUNCTION app_private.refuse_admin_only_columns();

COMMIT;
