-- Deploy tenantdb:conversations/share_links to pg
-- Bearer links: a conversation's share token alone resolves to its tenant and conversation,
-- without the reader setting a tenant first:
--     SELECT * FROM app.open_shared_conversation('<share token>');
-- A registry app_private.conversation_share_links (SHA-256 of the token -> tenant, conversation)
-- holds exactly the shares that are on; a trigger on app.conversations keeps it in step (a new
-- token, sharing turned off, a deleted conversation). The reader function looks the hash up,
-- then reads the messages under a signed context of that tenant of its own (the owner obeys RLS)
-- and restores the caller's context. An unknown, guessed or revoked token returns no rows, the
-- same for all three.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app_private.conversation_share_links (
    token_sha256 bytea PRIMARY KEY CONSTRAINT conversation_share_links_token_is_sha256 CHECK (pg_catalog.octet_length(token_sha256) = 32),
    tenant_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    CONSTRAINT conversation_share_links_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id) ON DELETE CASCADE,
    CONSTRAINT conversation_share_links_conversation_fkey FOREIGN KEY (tenant_id, conversation_id)
        REFERENCES app.conversations (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE app_private.conversation_share_links IS
    'Shares that are on, by SHA-256 of their token: where a bearer link leads (tenant and conversation). Kept by the trigger conversations_share_link_sync; read only by app.open_shared_conversation() (definer). No client role can read it.';
COMMENT ON COLUMN app_private.conversation_share_links.token_sha256 IS 'SHA-256 of the share token (the token itself is never stored).';
COMMENT ON COLUMN app_private.conversation_share_links.tenant_id IS 'Tenant of the shared conversation.';
COMMENT ON COLUMN app_private.conversation_share_links.conversation_id IS 'The shared conversation.';
COMMENT ON CONSTRAINT conversation_share_links_token_is_sha256 ON app_private.conversation_share_links IS 'A SHA-256 is 32 bytes.';
COMMENT ON CONSTRAINT conversation_share_links_tenant_fkey ON app_private.conversation_share_links IS 'The link''s tenant exists; links go with their tenant.';
COMMENT ON CONSTRAINT conversation_share_links_conversation_fkey ON app_private.conversation_share_links IS 'A link leads to an existing conversation of the same tenant and goes with it.';
CREATE UNIQUE INDEX conversation_share_links_conversation_idx ON app_private.conversation_share_links (tenant_id, conversation_id);
COMMENT ON INDEX app_private.conversation_share_links_conversation_idx IS 'One link per conversation; serves the foreign key.';

CREATE FUNCTION app_private.sync_conversation_share_link()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM app_private.conversation_share_links l
        WHERE l.tenant_id = OLD.tenant_id AND l.conversation_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.share_enabled AND NEW.share_token_sha256 IS NOT NULL THEN
        INSERT INTO app_private.conversation_share_links (token_sha256, tenant_id, conversation_id)
        VALUES (NEW.share_token_sha256, NEW.tenant_id, NEW.id);
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.sync_conversation_share_link() IS
    'Trigger of app.conversations: keeps app_private.conversation_share_links equal to the shares that are on. Definer (clients cannot write the registry).';
REVOKE ALL ON FUNCTION app_private.sync_conversation_share_link() FROM PUBLIC;

CREATE TRIGGER conversations_share_link_sync
    AFTER INSERT OR DELETE OR UPDATE OF share_token_sha256, share_enabled ON app.conversations
    FOR EACH ROW EXECUTE FUNCTION app_private.sync_conversation_share_link();
COMMENT ON TRIGGER conversations_share_link_sync ON app.conversations IS
    'Bearer links follow the conversation: a new token, sharing off, or deletion updates app_private.conversation_share_links.';

CREATE FUNCTION app.open_shared_conversation(token text)
RETURNS TABLE (tenant_id uuid, conversation_id uuid, title text, message_id uuid, role text, content text,
               citations jsonb, created_at timestamptz)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    link app_private.conversation_share_links%ROWTYPE;
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
    outer_person text := pg_catalog.current_setting('app.user_id', true);
    outer_stamp text := pg_catalog.current_setting('app.context_stamp', true);
BEGIN
    IF token IS NULL OR pg_catalog.length(token) > 256 THEN
        RETURN;
    END IF;
    SELECT l.* INTO link FROM app_private.conversation_share_links l
    WHERE l.token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM app_private.bind_context(link.tenant_id, NULL);
    RETURN QUERY
        SELECT link.tenant_id, s.conversation_id, s.title, s.message_id, s.role, s.content, s.citations, s.created_at
        FROM app_private.shared_conversation_messages(token) s
        WHERE s.conversation_id = link.conversation_id;
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true),
            pg_catalog.set_config('app.user_id', coalesce(outer_person, ''), true),
            pg_catalog.set_config('app.context_stamp', coalesce(outer_stamp, ''), true);
END
$function$;
COMMENT ON FUNCTION app.open_shared_conversation(text) IS
    'Bearer link: the messages of the conversation shared with this token, oldest first, with its tenant, for anyone holding the token, no tenant context needed (the caller''s context is left as it was). No rows for an unknown, guessed or revoked token.';
REVOKE ALL ON FUNCTION app.open_shared_conversation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.open_shared_conversation(text) TO tenantdb_app, tenantdb_service, tenantdb_client;

COMMIT;

-- Shares already on (needs the deploying superuser: the owner sees no tenant without a context).
BEGIN;
INSERT INTO app_private.conversation_share_links (token_sha256, tenant_id, conversation_id)
SELECT c.share_token_sha256, c.tenant_id, c.id FROM app.conversations c
WHERE c.share_enabled AND c.share_token_sha256 IS NOT NULL;
COMMIT;
