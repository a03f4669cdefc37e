-- Revert tenantdb:citus/binding_before_distribution from pg
-- Back to citus/transaction_binding's function (no fallback for transactions without a
-- distributed id); without the citus extension the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
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
