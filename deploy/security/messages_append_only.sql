-- Deploy tenantdb:security/messages_append_only to pg
-- People add only their own words: a message inserted through the user-facing role has
-- role = 'user'. Assistant and system messages, citations, tokens and cost come from the service
-- role (the AI back end). Content is immutable for people by the column grants of
-- security/column_write_grants (UPDATE only feedback_score).
BEGIN;

ALTER POLICY messages_insert_app ON app.messages
    WITH CHECK (user_id = (SELECT app.current_user_id()) AND role = 'user');
COMMENT ON POLICY messages_insert_app ON app.messages IS
    'A person adds role = ''user'' messages to their own conversations only; assistant and system messages are the service role''s.';

COMMIT;
