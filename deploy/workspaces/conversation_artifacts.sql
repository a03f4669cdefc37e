-- Deploy tenantdb:workspaces/conversation_artifacts to pg
-- Traceability between AI chats and workspace artifacts: which conversation (and, where known,
-- which message) an artifact was created from or refers to. A link is the conversation owner's:
-- they see and manage their own links to artifacts they can see; tenant admins see all.
-- The keys keep every link inside one tenant and consistent: the conversation with its owner,
-- the message inside that conversation, the artifact with its workspace.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- Lets a link's foreign key require that the message belongs to the linked conversation.
-- Built under a lock in the change's transaction: on a live database with a large app.messages,
-- build the index CONCURRENTLY by hand first and attach it (USING INDEX); hence:
-- squawk-ignore constraint-missing-not-valid, disallowed-unique-constraint
ALTER TABLE app.messages ADD CONSTRAINT messages_conversation_key UNIQUE (tenant_id, id, conversation_id);
COMMENT ON CONSTRAINT messages_conversation_key ON app.messages IS
    'Target of conversation_artifacts'' message foreign key: a linked message belongs to the linked conversation.';

CREATE TABLE app.conversation_artifacts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    message_id uuid,
    artifact_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    relation text NOT NULL DEFAULT 'created_from',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversation_artifacts_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT conversation_artifacts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT conversation_artifacts_conversation_fkey FOREIGN KEY (tenant_id, conversation_id, user_id)
        REFERENCES app.conversations (tenant_id, id, user_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT conversation_artifacts_message_fkey FOREIGN KEY (tenant_id, message_id, conversation_id)
        REFERENCES app.messages (tenant_id, id, conversation_id) ON DELETE SET NULL (message_id),
    CONSTRAINT conversation_artifacts_artifact_fkey FOREIGN KEY (tenant_id, artifact_id, workspace_id)
        REFERENCES app.artifacts (tenant_id, id, workspace_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT conversation_artifacts_link_key UNIQUE NULLS NOT DISTINCT (tenant_id, conversation_id, artifact_id, message_id),
    CONSTRAINT conversation_artifacts_relation_known CHECK (relation IN ('created_from', 'references', 'updated_from'))
);

COMMENT ON TABLE app.conversation_artifacts IS
    'Links between AI conversations (and messages) and workspace artifacts, for traceability. The conversation owner sees and manages their links to artifacts they can see; tenant admins see all.';
COMMENT ON COLUMN app.conversation_artifacts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.conversation_artifacts.id IS 'Link id.';
COMMENT ON COLUMN app.conversation_artifacts.conversation_id IS 'The conversation.';
COMMENT ON COLUMN app.conversation_artifacts.user_id IS 'Owner of the conversation (kept equal by the foreign key); decides "own" in the policies.';
COMMENT ON COLUMN app.conversation_artifacts.message_id IS 'The message of that conversation the artifact came from, when known; NULL when the message is deleted.';
COMMENT ON COLUMN app.conversation_artifacts.artifact_id IS 'The artifact.';
COMMENT ON COLUMN app.conversation_artifacts.workspace_id IS 'The artifact''s workspace (kept equal by the foreign key); decides visibility.';
COMMENT ON COLUMN app.conversation_artifacts.relation IS 'How they relate: created_from, references or updated_from.';
COMMENT ON COLUMN app.conversation_artifacts.created_at IS 'When the link was made.';
COMMENT ON CONSTRAINT conversation_artifacts_conversation_fkey ON app.conversation_artifacts IS 'A conversation of the same tenant, with its owner; links go with the conversation.';
COMMENT ON CONSTRAINT conversation_artifacts_message_fkey ON app.conversation_artifacts IS 'The message belongs to the linked conversation; deleting it keeps the link without the message.';
COMMENT ON CONSTRAINT conversation_artifacts_artifact_fkey ON app.conversation_artifacts IS 'An artifact of the same tenant, with its workspace; links go with the artifact.';
COMMENT ON CONSTRAINT conversation_artifacts_link_key ON app.conversation_artifacts IS 'One link per conversation, artifact and message (no message counts as one value).';
COMMENT ON CONSTRAINT conversation_artifacts_relation_known ON app.conversation_artifacts IS 'Only the known relations.';

CREATE INDEX conversation_artifacts_owner_idx ON app.conversation_artifacts (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.conversation_artifacts_owner_idx IS 'A person''s links (the own-row policy); covers the conversation foreign key.';
CREATE INDEX conversation_artifacts_artifact_idx ON app.conversation_artifacts (tenant_id, artifact_id, workspace_id);
COMMENT ON INDEX app.conversation_artifacts_artifact_idx IS 'Conversations behind an artifact (traceability); covers the artifact foreign key.';
CREATE INDEX conversation_artifacts_message_idx ON app.conversation_artifacts (tenant_id, message_id, conversation_id);
COMMENT ON INDEX app.conversation_artifacts_message_idx IS 'Covers the message foreign key.';
CREATE INDEX conversation_artifacts_workspace_idx ON app.conversation_artifacts (tenant_id, workspace_id);
COMMENT ON INDEX app.conversation_artifacts_workspace_idx IS 'Links of a workspace (the visibility policy).';

SELECT app_private.guard_tenant_table('app.conversation_artifacts');

CREATE POLICY conversation_artifacts_select_app ON app.conversation_artifacts
    FOR SELECT TO tenantdb_app
    USING (
        (user_id = (SELECT app.current_user_id())
         AND workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[]))
        OR (SELECT app_private.current_person_role()) = 'admin'
    );
COMMENT ON POLICY conversation_artifacts_select_app ON app.conversation_artifacts IS
    'The conversation owner sees links to artifacts of workspaces they are a member of; tenant admins see all.';

CREATE POLICY conversation_artifacts_insert_app ON app.conversation_artifacts
    FOR INSERT TO tenantdb_app
    WITH CHECK (
        user_id = (SELECT app.current_user_id())
        AND (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
             OR (SELECT app_private.current_person_role()) = 'admin')
    );
COMMENT ON POLICY conversation_artifacts_insert_app ON app.conversation_artifacts IS
    'A person links their own conversations to artifacts they can see.';

CREATE POLICY conversation_artifacts_delete_app ON app.conversation_artifacts
    FOR DELETE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY conversation_artifacts_delete_app ON app.conversation_artifacts IS
    'A person removes links of their own conversations; tenant admins remove any.';

CREATE POLICY conversation_artifacts_all_service ON app.conversation_artifacts
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY conversation_artifacts_all_service ON app.conversation_artifacts IS
    'The service role (the agents that write artifacts) records and reads every link of the transaction''s tenant.';

GRANT SELECT, INSERT, DELETE ON app.conversation_artifacts TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.conversation_artifacts TO tenantdb_service, tenantdb_maintenance;

COMMIT;
