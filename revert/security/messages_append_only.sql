-- Revert tenantdb:security/messages_append_only from pg
BEGIN;

ALTER POLICY messages_insert_app ON app.messages
    WITH CHECK (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY messages_insert_app ON app.messages IS 'A person writes into their own conversations only.';

COMMIT;
