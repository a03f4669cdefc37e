-- Deploy tenantdb:citus/share_links_on_coordinator to pg
-- On a Citus cluster only: the share-link registry app_private.conversation_share_links is a
-- reference table (looked up by token hash before any tenant is known), and a shard trigger on a
-- worker cannot write a reference table ("cannot execute a distributed query from a query on a
-- shard"): every share, unshare and deletion of a conversation failed (XX000). So on Citus:
-- - app_private.sync_conversation_share_link() (the trigger) leaves the registry alone once the
--   registry is a Citus table (it still keeps it before distribution);
-- - app.share_conversation() computes the token first (Citus refused the UPDATE: "STABLE
--   functions used in UPDATE queries cannot be called with column references", 0A000), updates
--   the conversation as the caller (invoker: the same rights as before), then calls
-- - app.publish_share_link(conversation, token), new, definer, on the coordinator: adds the
--   pointer (SHA-256 of the token -> current tenant, conversation) to the registry. It cannot
--   check the conversation first: the caller's UPDATE modified that shard in this transaction,
--   and Citus refuses another user (the owner) on it ("cannot perform query on placements that
--   were modified in this transaction by a different user", 25001). It needs no check: a
--   pointer is not a share. app.open_shared_conversation() shows messages only where the
--   conversation itself is shared with that very token (shared_conversation_messages checks
--   share_enabled and the hash), so a pointer made up by a caller, or left behind by unsharing
--   or deleting, shows nothing (fail closed), like an unknown token. Pointers are only added,
--   never replaced, so no caller can displace a real link: the registry's unique index per
--   conversation becomes a plain index (a re-shared conversation has its old pointer too), and
--   its foreign key to app.conversations goes (pointers may outlive a conversation; Citus
--   refuses it anyway: a reference table cannot reference a distributed one, the one refusal
--   of `tenantdb citus distribute` before this change).
-- Both functions are saved first in app_private.citus_share_link_functions for the revert.
-- Without the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/share_links_on_coordinator: no citus extension here, nothing to change';
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    CREATE TABLE app_private.citus_share_link_functions (
        function_name text PRIMARY KEY,
        original_definition text NOT NULL,
        original_comment text
    );
    COMMENT ON TABLE app_private.citus_share_link_functions IS
        'Citus only (citus/share_links_on_coordinator): app.share_conversation() and app_private.sync_conversation_share_link() as they were before, so that the revert re-creates them exactly. Owner only.';
    COMMENT ON COLUMN app_private.citus_share_link_functions.function_name IS 'The function as regprocedure text.';
    COMMENT ON COLUMN app_private.citus_share_link_functions.original_definition IS 'pg_get_functiondef() of the function before the change (a CREATE OR REPLACE FUNCTION statement).';
    COMMENT ON COLUMN app_private.citus_share_link_functions.original_comment IS 'The function''s comment before the change.';
    INSERT INTO app_private.citus_share_link_functions (function_name, original_definition, original_comment)
    SELECT p.oid::pg_catalog.regprocedure::text, pg_catalog.pg_get_functiondef(p.oid), pg_catalog.obj_description(p.oid, 'pg_proc')
    FROM pg_catalog.pg_proc p
    WHERE p.oid IN ('app.share_conversation(uuid)'::pg_catalog.regprocedure,
                    'app_private.sync_conversation_share_link()'::pg_catalog.regprocedure);
    IF EXISTS (SELECT FROM pg_catalog.pg_dist_partition) THEN  -- deployed after distribution: as distribute would
        PERFORM pg_catalog.create_reference_table('app_private.citus_share_link_functions');
    END IF;

    CREATE OR REPLACE FUNCTION app_private.sync_conversation_share_link()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $function$
    BEGIN
        -- On Citus the trigger runs on a worker's shard, where the registry (a reference table)
        -- cannot be written: app.share_conversation() adds the pointer on the coordinator.
        IF EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                   WHERE p.logicalrelid = 'app_private.conversation_share_links'::pg_catalog.regclass) THEN
            RETURN NULL;
        END IF;
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
        'Trigger of app.conversations: keeps app_private.conversation_share_links equal to the shares that are on. Definer (clients cannot write the registry). Citus (citus/share_links_on_coordinator): once the registry is a Citus table it does nothing; app.share_conversation() adds the pointer from the coordinator (app.publish_share_link).';

    ALTER TABLE app_private.conversation_share_links DROP CONSTRAINT IF EXISTS conversation_share_links_conversation_fkey;
    DROP INDEX app_private.conversation_share_links_conversation_idx;
    CREATE INDEX conversation_share_links_conversation_idx ON app_private.conversation_share_links (tenant_id, conversation_id);
    COMMENT ON INDEX app_private.conversation_share_links_conversation_idx IS
        'A conversation''s links. Citus (citus/share_links_on_coordinator): not unique, pointers are only added (a re-shared conversation keeps its old one, which shows nothing); no foreign key to the conversation.';

    CREATE FUNCTION app.publish_share_link(conversation uuid, token text)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        context_tenant uuid := app.current_tenant_id();
    BEGIN
        IF conversation IS NULL OR token IS NULL OR pg_catalog.length(token) > 256 THEN
            RETURN;
        END IF;
        INSERT INTO app_private.conversation_share_links (token_sha256, tenant_id, conversation_id)
        VALUES (pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8')), context_tenant, conversation)
        ON CONFLICT (token_sha256) DO NOTHING;
    END
    $function$;
    COMMENT ON FUNCTION app.publish_share_link(uuid, text) IS
        'Citus only (citus/share_links_on_coordinator): adds the bearer-link pointer SHA-256(token) -> (current tenant, conversation) to the share-link registry; app.share_conversation() calls it. A pointer is not a share: app.open_shared_conversation() shows only a conversation shared with that very token, so pointers nobody shared show nothing. Runs on the coordinator.';
    REVOKE ALL ON FUNCTION app.publish_share_link(uuid, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app.publish_share_link(uuid, text) TO tenantdb_app, tenantdb_service;

    CREATE OR REPLACE FUNCTION app.share_conversation(conversation uuid)
    RETURNS text
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $function$
    DECLARE
        token text := pg_catalog.encode(
            pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 'hex');
        context_tenant uuid := app.current_tenant_id();
        shared uuid;
    BEGIN
        UPDATE app.conversations c
        SET share_token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8')),
            share_enabled = true
        WHERE c.tenant_id = context_tenant AND c.id = conversation
        RETURNING c.id INTO shared;
        IF shared IS NULL THEN
            RETURN NULL;
        END IF;
        PERFORM app.publish_share_link(conversation, token);
        RETURN token;
    END
    $function$;
END
$citus$;

COMMIT;
