-- Deploy tenantdb:citus/node_local_key to pg
-- On a Citus cluster only: the context HMAC is computed and checked from a copy of the signing key
-- that is local to each node, app_private.context_signing_key_on_node, instead of
-- app_private.context_signing_key. On Citus that table is a reference table, and reading it from
-- inside a shard query on a worker is a distributed query, which Citus refuses: every
-- tenantdb_client (token) session failed on the workers with "cannot execute a distributed query
-- from a query on a shard" in context_signature_is_valid() (measured: tests/citus
-- test_a_client_login_with_a_token_sees_only_its_persons_rows). The copy is an ordinary local
-- table, owner only, never distributed (tenantdb.citus.NODE_LOCAL_TABLES): this change fills the
-- coordinator's copy from the key; `tenantdb citus distribute` creates and fills each worker's
-- copy over Citus's node-to-node connections (run it again after adding a node; those
-- connections must use TLS). Until a worker has its copy, client sessions fail there (42P01:
-- fail closed). The three readers (context_signature, context_signature_is_valid,
-- resolved_context_signature) are re-created with the table name replaced, and saved first in
-- app_private.citus_key_readers for the revert. app_private.transaction_binding() keeps reading
-- the reference table (on the coordinator, to get a distributed transaction id). Without the
-- citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    readers CONSTANT text[] := ARRAY['app_private.context_signature(text,text,text)', 'app_private.context_signature_is_valid()',
                                    'app_private.resolved_context_signature(text,text,text)'];
    fn text;
    original text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/node_local_key: no citus extension here, nothing to change';
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    CREATE TABLE app_private.context_signing_key_on_node (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        inner_pad bytea NOT NULL,
        outer_pad bytea NOT NULL
    );
    REVOKE ALL ON app_private.context_signing_key_on_node FROM PUBLIC;
    COMMENT ON TABLE app_private.context_signing_key_on_node IS
        'Citus only (citus/node_local_key): this node''s own copy of app_private.context_signing_key, a plain local table on every node (never distributed), so that the context HMAC is checked inside shard queries without a distributed read. Filled on the workers by tenantdb citus distribute. Owner only.';
    COMMENT ON COLUMN app_private.context_signing_key_on_node.singleton IS 'Always true: one key per node.';
    COMMENT ON COLUMN app_private.context_signing_key_on_node.inner_pad IS 'HMAC-SHA256 inner pad, as in app_private.context_signing_key.';
    COMMENT ON COLUMN app_private.context_signing_key_on_node.outer_pad IS 'HMAC-SHA256 outer pad, as in app_private.context_signing_key.';
    INSERT INTO app_private.context_signing_key_on_node (inner_pad, outer_pad)
    SELECT k.inner_pad, k.outer_pad FROM app_private.context_signing_key k;

    CREATE TABLE app_private.citus_key_readers (
        function_name text PRIMARY KEY,
        original_definition text NOT NULL
    );
    COMMENT ON TABLE app_private.citus_key_readers IS
        'Citus only (citus/node_local_key): the functions re-created to read app_private.context_signing_key_on_node, with their definition before, for the revert. Owner only.';
    COMMENT ON COLUMN app_private.citus_key_readers.function_name IS 'The function as regprocedure text.';
    COMMENT ON COLUMN app_private.citus_key_readers.original_definition IS 'pg_get_functiondef() of the function before the change.';
    FOREACH fn IN ARRAY readers LOOP
        original := pg_catalog.pg_get_functiondef(fn::regprocedure);
        IF pg_catalog.strpos(original, 'app_private.context_signing_key ') = 0 THEN
            RAISE EXCEPTION 'citus/node_local_key: % does not read app_private.context_signing_key as expected', fn;
        END IF;
        INSERT INTO app_private.citus_key_readers (function_name, original_definition) VALUES (fn, original);
        EXECUTE pg_catalog.replace(original, 'app_private.context_signing_key ', 'app_private.context_signing_key_on_node ');
    END LOOP;
END
$citus$;

COMMIT;
