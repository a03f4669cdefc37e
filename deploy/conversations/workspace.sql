-- Deploy tenantdb:conversations/workspace to pg
-- A conversation may belong to a workspace (optional): its messages then follow that
-- workspace's chat_history_days (retention/chat_per_workspace). Only the conversation's owner,
-- as a member of the workspace, attaches it (trigger check_conversation_workspace); the service
-- role may attach a conversation to a workspace its owner is a member of. Anyone who may update
-- the conversation (its owner, an admin) may detach it (workspace_id = NULL).
-- When the workspace is deleted, the conversation stays (it is its owner's private chat) and
-- only workspace_id becomes NULL: ON DELETE SET NULL (workspace_id) names the one column, since
-- a plain SET NULL would null tenant_id too (NOT NULL, part of the key). Its messages then fall
-- back to the tenant's chat_history_days. A person who leaves the workspace keeps the
-- conversation in it; they may detach it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

ALTER TABLE app.conversations ADD COLUMN workspace_id uuid;
COMMENT ON COLUMN app.conversations.workspace_id IS
    'Workspace the conversation belongs to (NULL: none). Its messages follow that workspace''s chat_history_days, else the tenant''s. Set only by the owner as a member of the workspace (or the service role for an owner who is a member); cleared when the workspace is deleted.';

-- The column is new and NULL in every row, so validating the key reads the table once without
-- finding anything to check. The validation query obeys RLS for the owner (FORCE), so the key
-- is added as the deploying superuser; hence also:
RESET ROLE;
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid
ALTER TABLE app.conversations ADD CONSTRAINT conversations_workspace_fkey FOREIGN KEY (tenant_id, workspace_id)
    REFERENCES app.workspaces (tenant_id, id) ON DELETE SET NULL (workspace_id);
COMMENT ON CONSTRAINT conversations_workspace_fkey ON app.conversations IS
    'A workspace of the same tenant; when it is deleted only workspace_id becomes NULL (the conversation stays, under the tenant''s retention).';

SET LOCAL ROLE tenantdb_owner;

-- Built in the change's transaction (CONCURRENTLY cannot run in one): on a live database with
-- many conversations, build it CONCURRENTLY by hand first (same name), then deploy; hence:
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX IF NOT EXISTS conversations_workspace_idx ON app.conversations (tenant_id, workspace_id);
COMMENT ON INDEX app.conversations_workspace_idx IS
    'A workspace''s conversations (led by tenant_id); covers the workspace foreign key (SET NULL on workspace deletion).';

CREATE FUNCTION app_private.check_conversation_workspace()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    person uuid;
BEGIN
    IF NEW.workspace_id IS NULL
       OR (TG_OP = 'UPDATE' AND NEW.workspace_id IS NOT DISTINCT FROM OLD.workspace_id) THEN
        RETURN NEW;
    END IF;
    -- Maintenance jobs (tenant import, restore) and superusers copy rows that were checked when
    -- they were written, in an order (foreign keys only) that may load a conversation before the
    -- membership it relies on.
    IF (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN NEW;
    END IF;
    -- The acting person; none for the service role, and none for a maintenance job without a
    -- context (the accessor raises 42501 then).
    BEGIN
        person := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        person := NULL;
    END;
    IF person IS NOT NULL AND NEW.user_id IS DISTINCT FROM person THEN
        RAISE EXCEPTION 'only the owner of conversation % may attach it to a workspace', NEW.id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The conversation''s owner attaches it to a workspace they are a member of; others may only detach it (workspace_id = NULL).';
    END IF;
    -- A person sees their own memberships (workspace_members_select_app), the service role the
    -- tenant's, the maintenance role all: the owner's membership is visible to each.
    IF NOT EXISTS (SELECT FROM app.workspace_members m
                   WHERE m.tenant_id = NEW.tenant_id AND m.workspace_id = NEW.workspace_id AND m.user_id = NEW.user_id) THEN
        RAISE EXCEPTION 'the owner of conversation % is not a member of workspace %', NEW.id, NEW.workspace_id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A conversation goes only into a workspace its owner is a member of.';
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.check_conversation_workspace() IS
    'Trigger of app.conversations: a conversation is attached to a workspace (workspace_id set or changed) only by its owner as a member of that workspace, or, without an acting person (service role, maintenance), only to a workspace its owner is a member of; 42501 otherwise. Detaching is not checked, nor are rows written by roles with BYPASSRLS (tenant import, restore). Invoker: reads the context and the caller''s view of app.workspace_members, where the owner''s own membership is always visible.';
REVOKE ALL ON FUNCTION app_private.check_conversation_workspace() FROM PUBLIC;

CREATE TRIGGER check_conversation_workspace BEFORE INSERT OR UPDATE OF workspace_id ON app.conversations
    FOR EACH ROW EXECUTE FUNCTION app_private.check_conversation_workspace();
COMMENT ON TRIGGER check_conversation_workspace ON app.conversations IS
    'A person attaches only their own conversation, and only to a workspace they are a member of.';

GRANT INSERT (workspace_id), UPDATE (workspace_id) ON app.conversations TO tenantdb_app;

COMMIT;
