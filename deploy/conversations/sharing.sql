-- Deploy tenantdb:conversations/sharing to pg
-- Share a conversation by token. app.share_conversation() makes a random token, stores its
-- SHA-256 and returns the token once; app.read_shared_conversation(token) returns the
-- conversation's messages to anyone of the same tenant who holds the token, while sharing is on.
-- Reading someone else's conversation needs the owner's rights: the reader is a definer
-- function in app_private, and the owner's policies let it see shared conversations only.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app.share_conversation(conversation uuid)
RETURNS text
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH fresh AS (
        SELECT pg_catalog.encode(
                   pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()),
                   'hex') AS token
    )
    UPDATE app.conversations c
    SET share_token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(f.token, 'UTF8')),
        share_enabled = true
    FROM fresh f
    WHERE c.tenant_id = app.current_tenant_id() AND c.id = conversation
    RETURNING f.token;
END;
COMMENT ON FUNCTION app.share_conversation(uuid) IS
    'Turns sharing on with a new random token (244 random bits, 64 hex characters) and returns it; only its SHA-256 is stored, so show it now. Invoker: only someone who may update the conversation can share it. NULL when the conversation is not visible. To stop sharing: UPDATE app.conversations SET share_enabled = false.';
REVOKE ALL ON FUNCTION app.share_conversation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.share_conversation(uuid) TO tenantdb_app, tenantdb_service;

CREATE POLICY conversations_select_for_definer ON app.conversations
    FOR SELECT TO tenantdb_owner
    USING (share_enabled);
COMMENT ON POLICY conversations_select_for_definer ON app.conversations IS
    'Lets the owner-run reader of shared conversations see conversations whose sharing is on, in the current tenant only.';

CREATE POLICY messages_select_for_definer ON app.messages
    FOR SELECT TO tenantdb_owner
    USING (conversation_id IN (SELECT c.id FROM app.conversations c WHERE c.share_enabled));
COMMENT ON POLICY messages_select_for_definer ON app.messages IS
    'Lets the owner-run reader of shared conversations see messages of conversations whose sharing is on, in the current tenant only.';

CREATE FUNCTION app_private.shared_conversation_messages(token text)
RETURNS TABLE (conversation_id uuid, title text, message_id uuid, role text, content text, citations jsonb, created_at timestamptz)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT c.id, c.title, m.id, m.role, m.content, m.citations, m.created_at
    FROM app.conversations c
    JOIN app.messages m ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id
    WHERE c.tenant_id = app.current_tenant_id()
      AND c.share_token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'))
      AND c.share_enabled
    ORDER BY m.created_at, m.id;
END;
COMMENT ON FUNCTION app_private.shared_conversation_messages(text) IS
    'Definer half of app.read_shared_conversation(): messages of the conversation whose share token hashes to the given one, in the transaction''s tenant, while sharing is on.';
REVOKE ALL ON FUNCTION app_private.shared_conversation_messages(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.shared_conversation_messages(text) TO tenantdb_app, tenantdb_service;

CREATE FUNCTION app.read_shared_conversation(token text)
RETURNS TABLE (conversation_id uuid, title text, message_id uuid, role text, content text, citations jsonb, created_at timestamptz)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.conversation_id, s.title, s.message_id, s.role, s.content, s.citations, s.created_at
    FROM app_private.shared_conversation_messages(token) s;
END;
COMMENT ON FUNCTION app.read_shared_conversation(text) IS
    'Messages of the conversation shared with this token, oldest first, for anyone of the same tenant holding it; no rows when the token is unknown, of another tenant, or sharing is off.';
REVOKE ALL ON FUNCTION app.read_shared_conversation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.read_shared_conversation(text) TO tenantdb_app, tenantdb_service;

COMMIT;
