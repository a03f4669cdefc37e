-- Deploy tenantdb:citus/binding_before_distribution to pg
-- On a Citus cluster only: citus/transaction_binding returned NULL (so every context was refused,
-- 42501) in a transaction that has no distributed transaction id. That is every transaction on
-- the coordinator before `tenantdb citus distribute` has made app_private.context_signing_key a
-- reference table (measured: get_current_transaction_id() then gives number 0 and a NULL stamp,
-- and reading the still-local key table does not assign one), so `tenantdb seed` failed after a
-- deploy on Citus. Without a distributed transaction id no worker takes part in the transaction,
-- so this backend's own binding (pid and transaction start, as security/bound_context) is the
-- right one. A transaction bound that way that later reaches a worker is refused there (the
-- worker computes the distributed id): it fails closed. Without the citus extension this change
-- does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/binding_before_distribution: no citus extension here, nothing to change';
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
            IF id.transaction_number = 0 OR id.transaction_stamp IS NULL THEN
                -- no distributed transaction (nothing distributed yet): this backend alone
                RETURN pg_catalog.pg_backend_pid()::text || ':'
                       || ((pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint)::text;
            END IF;
            RETURN 'c' || citus_backend_gpid()::text || ':' || id.initiator_node_identifier::text || '.'
                   || id.transaction_number::text || '.'
                   || ((pg_catalog.date_part('epoch', id.transaction_stamp) * 1000000)::bigint)::text;
        END
        $function$
    $ddl$;
    COMMENT ON FUNCTION app_private.transaction_binding() IS
        'This distributed transaction as text, ''c<global pid>:<initiator>.<transaction number>.<timestamp µs>'' (Citus: identical on the coordinator and on every worker backend serving the transaction), or ''<pid>:<transaction start µs>'' when the transaction has no distributed id (nothing distributed yet): the part of app.context_stamp that binds a context to the transaction that set it. Definer only to read app_private.context_signing_key, which assigns the distributed transaction id on the coordinator. Parallel restricted.';
END
$citus$;

COMMIT;
