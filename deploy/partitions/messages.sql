-- Deploy tenantdb:partitions/messages to pg
-- app.messages becomes RANGE-partitioned by month on created_at (app_private.rebuild_history_table:
-- every row, policy, trigger, grant and comment kept; created_at appended to messages_pkey and
-- messages_conversation_key, since PostgreSQL requires the partition column in every unique key).
-- The one foreign key TO messages, conversation_artifacts_message_fkey, must then name the
-- message's created_at too: app.conversation_artifacts gets message_created_at, filled from the
-- message by a trigger (writers still give message_id only; a message the writer cannot see
-- fails with 23503, as the key did, after RLS), nulled with message_id when the message goes.
-- Keys stay tenant-scoped and distributable by tenant_id (Citus): (tenant_id, id, created_at).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

-- The key names the message's columns; it is re-added below with created_at; hence:
-- squawk-ignore ban-drop-constraint
ALTER TABLE app.conversation_artifacts DROP CONSTRAINT conversation_artifacts_message_fkey;

SELECT app_private.rebuild_history_table('app.messages', 'created_at');

ALTER TABLE app.conversation_artifacts ADD COLUMN message_created_at timestamptz;
COMMENT ON COLUMN app.conversation_artifacts.message_created_at IS
    'created_at of the linked message (part of its key, app.messages being partitioned by it); filled from the message by a trigger, NULL exactly when message_id is.';

-- Backfill, read past RLS by the owner inside this transaction only (both tables are forced
-- again below), without firing the row triggers of an UPDATE that changes no content.
ALTER TABLE app.conversation_artifacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages NO FORCE ROW LEVEL SECURITY;
ALTER TABLE app.conversation_artifacts DISABLE TRIGGER USER;
UPDATE app.conversation_artifacts ca
SET message_created_at = m.created_at
FROM app.messages m
WHERE m.tenant_id = ca.tenant_id AND m.id = ca.message_id AND m.conversation_id = ca.conversation_id;
ALTER TABLE app.conversation_artifacts ENABLE TRIGGER USER;

-- Links are few (one per artifact and message): validating at once costs little; hence:
-- squawk-ignore constraint-missing-not-valid, adding-foreign-key-constraint
ALTER TABLE app.conversation_artifacts ADD CONSTRAINT conversation_artifacts_message_fkey
    FOREIGN KEY (tenant_id, message_id, conversation_id, message_created_at)
    REFERENCES app.messages (tenant_id, id, conversation_id, created_at) ON DELETE SET NULL (message_id, message_created_at);
COMMENT ON CONSTRAINT conversation_artifacts_message_fkey ON app.conversation_artifacts IS
    'The message belongs to the linked conversation (its partition found by created_at); deleting it keeps the link without the message.';

ALTER TABLE app.conversation_artifacts FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages FORCE ROW LEVEL SECURITY;

-- The foreign key's index gains the column (same name: what it covers did not change).
-- Links are few; the deploy holds the table's lock anyway; hence:
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX app.conversation_artifacts_message_idx;
-- squawk-ignore require-concurrent-index-creation
CREATE INDEX conversation_artifacts_message_idx ON app.conversation_artifacts (tenant_id, message_id, conversation_id, message_created_at);
COMMENT ON INDEX app.conversation_artifacts_message_idx IS 'Covers the message foreign key.';

CREATE FUNCTION app_private.conversation_artifacts_fill_message_time()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF NEW.message_id IS NULL THEN
        NEW.message_created_at := NULL;
    ELSIF TG_OP = 'INSERT' OR NEW.message_id IS DISTINCT FROM OLD.message_id
          OR NEW.conversation_id IS DISTINCT FROM OLD.conversation_id THEN
        -- By the message alone: whether it belongs to the conversation is the foreign key's to
        -- say (23503), as before the table was partitioned.
        NEW.message_created_at := (SELECT m.created_at FROM app.messages m
                                   WHERE m.tenant_id = NEW.tenant_id AND m.id = NEW.message_id);
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.conversation_artifacts_fill_message_time() IS
    'Trigger of app.conversation_artifacts: message_created_at follows message_id from the message the writer can see (invoker); an invisible message leaves it NULL (conversation_artifacts_require_message_time then refuses the row with 23503).';
REVOKE ALL ON FUNCTION app_private.conversation_artifacts_fill_message_time() FROM PUBLIC;

CREATE TRIGGER conversation_artifacts_fill_message_time
    BEFORE INSERT OR UPDATE OF message_id, conversation_id, message_created_at ON app.conversation_artifacts
    FOR EACH ROW EXECUTE FUNCTION app_private.conversation_artifacts_fill_message_time();
COMMENT ON TRIGGER conversation_artifacts_fill_message_time ON app.conversation_artifacts IS
    'Writers give message_id only; the message''s created_at follows from it.';

-- After the row passed RLS (42501 first, as before) and its constraints: a message the writer
-- cannot see left message_created_at NULL, which the foreign key (MATCH SIMPLE) would not check.
-- Such a message is never one of the writer's conversation (messages carry the conversation's
-- owner), so the answer is the key's own, 23503, as before the table was partitioned.
CREATE FUNCTION app_private.conversation_artifacts_require_message_time()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RAISE EXCEPTION 'insert or update on table "conversation_artifacts" violates foreign key constraint "conversation_artifacts_message_fkey"'
        USING ERRCODE = 'foreign_key_violation', DETAIL = 'The message is not a message of the linked conversation.';
END
$function$;
COMMENT ON FUNCTION app_private.conversation_artifacts_require_message_time() IS
    'Trigger of app.conversation_artifacts: a link naming a message without its created_at (a message the writer cannot see) fails with 23503, as the foreign key would.';
REVOKE ALL ON FUNCTION app_private.conversation_artifacts_require_message_time() FROM PUBLIC;

CREATE TRIGGER conversation_artifacts_require_message_time
    AFTER INSERT OR UPDATE OF message_id, message_created_at ON app.conversation_artifacts
    FOR EACH ROW WHEN (NEW.message_id IS NOT NULL AND NEW.message_created_at IS NULL)
    EXECUTE FUNCTION app_private.conversation_artifacts_require_message_time();
COMMENT ON TRIGGER conversation_artifacts_require_message_time ON app.conversation_artifacts IS
    'A linked message comes with its created_at: otherwise 23503, as the key.';

COMMIT;
