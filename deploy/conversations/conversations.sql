-- Deploy tenantdb:conversations/conversations to pg
-- AI coach chats (the sources' chat_conversations and conversations are this one table).
-- Private to the person: students, educators and coaches see only their own conversations;
-- admins see all of the tenant's (compliance). A conversation can be shared by token: only
-- the token's SHA-256 is stored, and app.read_shared_conversation() reads it while sharing is on.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.conversations (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    title text NOT NULL DEFAULT 'New conversation',
    status text NOT NULL DEFAULT 'active',
    share_token_sha256 bytea,
    share_enabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT conversations_owner_key UNIQUE (tenant_id, id, user_id),
    CONSTRAINT conversations_share_token_key UNIQUE (tenant_id, share_token_sha256),
    CONSTRAINT conversations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT conversations_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT conversations_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 300),
    CONSTRAINT conversations_status_known CHECK (status IN ('active', 'archived')),
    CONSTRAINT conversations_share_token_is_sha256 CHECK (octet_length(share_token_sha256) = 32),
    CONSTRAINT conversations_sharing_needs_token CHECK (NOT share_enabled OR share_token_sha256 IS NOT NULL)
);

COMMENT ON TABLE app.conversations IS
    'AI coach conversations of a person (deleted with the person). Everyone sees only their own; admins see all of the tenant''s (compliance); a conversation shared by token is readable through app.read_shared_conversation().';
COMMENT ON COLUMN app.conversations.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.conversations.id IS 'Conversation id.';
COMMENT ON COLUMN app.conversations.user_id IS 'The person who owns the conversation.';
COMMENT ON COLUMN app.conversations.title IS 'Title shown in the conversation list (1-300 characters).';
COMMENT ON COLUMN app.conversations.status IS 'active or archived.';
COMMENT ON COLUMN app.conversations.share_token_sha256 IS 'SHA-256 of the share token (the source''s share_token); the token itself is never stored.';
COMMENT ON COLUMN app.conversations.share_enabled IS 'While true, a holder of the share token can read the conversation.';
COMMENT ON COLUMN app.conversations.created_at IS 'When the conversation started.';
COMMENT ON COLUMN app.conversations.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT conversations_owner_key ON app.conversations IS
    'Target of the messages'' foreign key: every message carries its conversation''s owner, so message policies need no join.';
COMMENT ON CONSTRAINT conversations_share_token_key ON app.conversations IS 'A share token opens one conversation of the tenant.';
COMMENT ON CONSTRAINT conversations_user_fkey ON app.conversations IS 'Conversation of a person of the same tenant; deleted with the person.';
COMMENT ON CONSTRAINT conversations_title_length ON app.conversations IS 'Titles are 1-300 characters, not blank.';
COMMENT ON CONSTRAINT conversations_status_known ON app.conversations IS 'Only active or archived.';
COMMENT ON CONSTRAINT conversations_share_token_is_sha256 ON app.conversations IS 'Exactly 32 bytes: a SHA-256 digest, so a plaintext token cannot be stored here.';
COMMENT ON CONSTRAINT conversations_sharing_needs_token ON app.conversations IS 'Sharing is on only with a token.';

CREATE INDEX conversations_user_updated_idx ON app.conversations (tenant_id, user_id, updated_at DESC);
COMMENT ON INDEX app.conversations_user_updated_idx IS
    'A person''s conversations, most recent first (the source''s index on user_id, led by tenant_id); covers the user foreign key.';

SELECT app_private.guard_tenant_table('app.conversations');

CREATE POLICY conversations_select_app ON app.conversations
    FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY conversations_select_app ON app.conversations IS
    'A person reads their own conversations (educators and coaches too: chats are private); admins read all of the tenant''s (compliance).';

CREATE POLICY conversations_insert_app ON app.conversations
    FOR INSERT TO tenantdb_app
    WITH CHECK (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY conversations_insert_app ON app.conversations IS 'A person starts conversations for themselves only.';

CREATE POLICY conversations_update_app ON app.conversations
    FOR UPDATE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY conversations_update_app ON app.conversations IS 'A person renames, archives and shares their own conversations; admins may too (compliance).';

CREATE POLICY conversations_delete_app ON app.conversations
    FOR DELETE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY conversations_delete_app ON app.conversations IS 'A person deletes their own conversations; admins delete any of the tenant''s.';

CREATE POLICY conversations_all_service ON app.conversations
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY conversations_all_service ON app.conversations IS 'The service role (the AI back end) reads and writes every conversation of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.conversations TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
