-- Deploy tenantdb:conversations/messages to pg
-- Messages of AI coach conversations (the sources' chat_messages and messages are this one
-- table). Each message carries its conversation's owner (user_id), kept equal by a composite
-- foreign key and filled in by a trigger when the writer leaves it out, so the policies compare
-- a column with the acting person instead of joining the conversation for every row.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.messages (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    content text NOT NULL,
    citations jsonb NOT NULL DEFAULT '[]',
    domains text[] NOT NULL DEFAULT '{}',
    -- a rating of -1, 0 or 1: the CHECK bounds it; hence:
    -- squawk-ignore prefer-bigint-over-smallint
    feedback_score smallint,
    -- tokens of one message: far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    input_tokens integer NOT NULL DEFAULT 0,
    -- tokens of one message: far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    output_tokens integer NOT NULL DEFAULT 0,
    cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT messages_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT messages_conversation_fkey FOREIGN KEY (tenant_id, conversation_id, user_id)
        REFERENCES app.conversations (tenant_id, id, user_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT messages_role_known CHECK (role IN ('user', 'assistant', 'system')),
    CONSTRAINT messages_content_length CHECK (char_length(content) BETWEEN 1 AND 200000),
    CONSTRAINT messages_citations_array CHECK (jsonb_typeof(citations) = 'array'),
    CONSTRAINT messages_domains_no_nulls CHECK (array_position(domains, NULL) IS NULL),
    CONSTRAINT messages_feedback_score_range CHECK (feedback_score BETWEEN -1 AND 1),
    CONSTRAINT messages_tokens_not_negative CHECK (input_tokens >= 0 AND output_tokens >= 0),
    CONSTRAINT messages_cost_not_negative CHECK (cost_usd >= 0)
);

COMMENT ON TABLE app.messages IS
    'Messages of AI coach conversations (deleted with the conversation). Visible exactly when the conversation is: its owner, the tenant''s admins, or a share-token holder through app.read_shared_conversation().';
COMMENT ON COLUMN app.messages.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.messages.id IS 'Message id.';
COMMENT ON COLUMN app.messages.conversation_id IS 'The conversation the message belongs to.';
COMMENT ON COLUMN app.messages.user_id IS 'Owner of the conversation (not the author: see role). Filled in from the conversation when omitted; the foreign key keeps it equal.';
COMMENT ON COLUMN app.messages.role IS 'Who wrote it: user, assistant or system.';
COMMENT ON COLUMN app.messages.content IS 'The message text (1-200000 characters).';
COMMENT ON COLUMN app.messages.citations IS 'JSON array of the sources an assistant answer cites.';
COMMENT ON COLUMN app.messages.domains IS 'Knowledge domains the answer drew on.';
COMMENT ON COLUMN app.messages.feedback_score IS 'The person''s rating of an answer: -1 (bad), 0 (neutral), 1 (good); NULL when not rated.';
COMMENT ON COLUMN app.messages.input_tokens IS 'Model input tokens spent on the message.';
COMMENT ON COLUMN app.messages.output_tokens IS 'Model output tokens spent on the message.';
COMMENT ON COLUMN app.messages.cost_usd IS 'Model cost of the message in US dollars.';
COMMENT ON COLUMN app.messages.created_at IS 'When the message was written.';
COMMENT ON CONSTRAINT messages_conversation_fkey ON app.messages IS
    'Message of a conversation of the same tenant, carrying its owner; deleted with the conversation.';
COMMENT ON CONSTRAINT messages_role_known ON app.messages IS 'Only user, assistant or system.';
COMMENT ON CONSTRAINT messages_content_length ON app.messages IS 'Messages are 1-200000 characters.';
COMMENT ON CONSTRAINT messages_citations_array ON app.messages IS 'Citations are a JSON array.';
COMMENT ON CONSTRAINT messages_domains_no_nulls ON app.messages IS 'The list of domains has no NULL entries.';
COMMENT ON CONSTRAINT messages_feedback_score_range ON app.messages IS 'Ratings are -1, 0 or 1.';
COMMENT ON CONSTRAINT messages_tokens_not_negative ON app.messages IS 'Token counts are never negative.';
COMMENT ON CONSTRAINT messages_cost_not_negative ON app.messages IS 'Costs are never negative.';

CREATE INDEX messages_conversation_created_idx ON app.messages (tenant_id, conversation_id, created_at);
COMMENT ON INDEX app.messages_conversation_created_idx IS
    'A conversation''s messages in order (the source''s index (conversation_id, created_at), led by tenant_id); the last 50 are a backward scan.';
CREATE INDEX messages_owner_conversation_idx ON app.messages (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.messages_owner_conversation_idx IS
    'Messages of a person''s conversations (the own-row policies compare user_id); covers the conversation foreign key (cascading deletes and owner changes).';

CREATE FUNCTION app_private.messages_fill_owner()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF NEW.user_id IS NULL THEN
        SELECT c.user_id INTO NEW.user_id
        FROM app.conversations c
        WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.conversation_id;
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.messages_fill_owner() IS
    'Trigger of app.messages: fills user_id from the conversation the writer can see. Invoker: a conversation the writer cannot see leaves it NULL, and the insert fails.';
REVOKE ALL ON FUNCTION app_private.messages_fill_owner() FROM PUBLIC;

CREATE TRIGGER messages_fill_owner
    BEFORE INSERT ON app.messages
    FOR EACH ROW
    EXECUTE FUNCTION app_private.messages_fill_owner();
COMMENT ON TRIGGER messages_fill_owner ON app.messages IS 'Writers give conversation_id only; the owner column follows from it.';

SELECT app_private.guard_tenant_table('app.messages');

CREATE POLICY messages_select_app ON app.messages
    FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY messages_select_app ON app.messages IS 'Messages of the person''s own conversations; admins read all of the tenant''s (compliance).';

CREATE POLICY messages_insert_app ON app.messages
    FOR INSERT TO tenantdb_app
    WITH CHECK (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY messages_insert_app ON app.messages IS 'A person writes into their own conversations only.';

CREATE POLICY messages_update_app ON app.messages
    FOR UPDATE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()))
    WITH CHECK (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY messages_update_app ON app.messages IS 'A person updates messages of their own conversations (e.g. rates an answer).';

CREATE POLICY messages_delete_app ON app.messages
    FOR DELETE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY messages_delete_app ON app.messages IS 'A person deletes messages of their own conversations; admins delete any of the tenant''s.';

CREATE POLICY messages_all_service ON app.messages
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY messages_all_service ON app.messages IS 'The service role (the AI back end) reads and writes every message of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.messages TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;
