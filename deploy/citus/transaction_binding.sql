-- Deploy tenantdb:citus/transaction_binding to pg
-- On a Citus cluster only (the citus extension is installed): the context stamp binds to the
-- distributed transaction instead of this backend's pid and transaction start, so that the
-- workers, which run the shard queries and apply the policies there, recognise the context the
-- client forwarded with SET LOCAL (citus.propagate_set_commands = 'local'; tenantdb.citus.
-- propagate_context). Citus gives every distributed transaction an id that is identical on the
-- coordinator and on every worker backend serving it: citus_backend_gpid() (the coordinator
-- backend's global pid) and get_current_transaction_id() (initiator node, transaction number,
-- timestamp). The binding becomes 'c<gpid>:<initiator>.<number>.<timestamp µs>' (still one colon,
-- so the stamp '<binding>:<hmac>' and the HMAC input keep their format). On the coordinator the
-- id is assigned lazily; reading a reference table assigns it, so the function reads the signing
-- key table (a reference table on Citus) once when the number is still 0. A replay in another
-- transaction, another pooled borrower or a session-level leftover has another id: no context, on
-- every node, as on plain PostgreSQL (docs/scale-out.md, "Context on Citus").
-- Without the citus extension this change does nothing: plain PostgreSQL keeps the inlined
-- pid binding of security/bound_context.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/transaction_binding: no citus extension here, nothing to change';
        RETURN;
    END IF;
    EXECUTE $ddl$
        CREATE OR REPLACE FUNCTION app_private.transaction_binding()
        RETURNS text
        LANGUAGE plpgsql
        STABLE
        PARALLEL RESTRICTED
        SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $function$
        DECLARE
            id record;
        BEGIN
            SELECT t.initiator_node_identifier, t.transaction_number, t.transaction_stamp
              INTO id FROM get_current_transaction_id() t;
            IF id.transaction_number = 0 THEN
                -- the coordinator before its first distributed access: a reference-table read assigns the id
                PERFORM FROM app_private.context_signing_key LIMIT 1;
                SELECT t.initiator_node_identifier, t.transaction_number, t.transaction_stamp
                  INTO id FROM get_current_transaction_id() t;
            END IF;
            RETURN 'c' || citus_backend_gpid()::text || ':' || id.initiator_node_identifier::text || '.'
                   || id.transaction_number::text || '.'
                   || ((pg_catalog.date_part('epoch', id.transaction_stamp) * 1000000)::bigint)::text;
        END
        $function$
    $ddl$;
    COMMENT ON FUNCTION app_private.transaction_binding() IS
        'This distributed transaction as text, ''c<global pid>:<initiator>.<transaction number>.<timestamp µs>'' (Citus: identical on the coordinator and on every worker backend serving the transaction): the part of app.context_stamp that binds a context to the transaction that set it. Definer only to read app_private.context_signing_key, which assigns the distributed transaction id on the coordinator. Parallel restricted.';
END
$citus$;

COMMIT;
