-- Revert tenantdb:citus/share_links_on_coordinator from pg
-- Re-creates app.share_conversation() and the share-link trigger function exactly as they were
-- (saved in app_private.citus_share_link_functions with their comments; CREATE OR REPLACE keeps
-- owner and grants), drops app.publish_share_link() and the saved table, and makes the
-- registry's conversation index unique again, with its foreign key where Citus allows it. Pointers that lead to no shared conversation
-- (made up, or left by unsharing) are deleted first, as the deploying superuser (its own
-- transaction; harmless alone: they showed nothing): the registry
-- then holds exactly the shares that are on, one per conversation, as the trigger keeps it.
-- Without the citus extension nothing.
BEGIN;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    -- one connection per node: the function DDL below is refused after a parallel read of shards
    PERFORM pg_catalog.set_config('citus.multi_shard_modify_mode', 'sequential', true);
    DELETE FROM app_private.conversation_share_links l
    WHERE (l.token_sha256, l.tenant_id, l.conversation_id) NOT IN (
        SELECT c.share_token_sha256, c.tenant_id, c.id FROM app.conversations c
        WHERE c.share_enabled AND c.share_token_sha256 IS NOT NULL);
END
$citus$;

COMMIT;

-- A transaction of its own: Citus refuses the owner on placements the superuser just modified.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    f record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    FOR f IN SELECT * FROM app_private.citus_share_link_functions ORDER BY function_name LOOP
        EXECUTE f.original_definition;
        EXECUTE pg_catalog.format('COMMENT ON FUNCTION %s IS %L', f.function_name, f.original_comment);
    END LOOP;
    DROP FUNCTION app.publish_share_link(uuid, text);
    DROP INDEX app_private.conversation_share_links_conversation_idx;
    CREATE UNIQUE INDEX conversation_share_links_conversation_idx ON app_private.conversation_share_links (tenant_id, conversation_id);
    COMMENT ON INDEX app_private.conversation_share_links_conversation_idx IS 'One link per conversation; serves the foreign key.';
    -- the foreign key, where it can exist: not once the registry is a reference table (Citus
    -- refuses a key from a reference table to a distributed one; distribution had dropped it)
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                   WHERE p.logicalrelid = 'app_private.conversation_share_links'::pg_catalog.regclass) THEN
        ALTER TABLE app_private.conversation_share_links ADD CONSTRAINT conversation_share_links_conversation_fkey
            FOREIGN KEY (tenant_id, conversation_id) REFERENCES app.conversations (tenant_id, id) ON DELETE CASCADE;
        COMMENT ON CONSTRAINT conversation_share_links_conversation_fkey ON app_private.conversation_share_links IS
            'A link leads to an existing conversation of the same tenant and goes with it.';
    END IF;
    DROP TABLE app_private.citus_share_link_functions;
END
$citus$;

COMMIT;
