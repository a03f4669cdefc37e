-- Deploy tenantdb:citus/outbox_by_tenant to pg
-- On a Citus cluster only: the cache outbox cache_private.invalidations is keyed by
-- (tenant_id, id) instead of (id), so `tenantdb citus distribute` distributes it by tenant_id,
-- co-located with the tenant tables, instead of making it a reference table. The cache triggers
-- (cache_private.record_*_change) run on the shard of the changed row, on a worker; a reference
-- table there is a distributed write Citus refuses from inside a shard query ("cannot execute a
-- distributed query from a query on a shard", XX000), so every write to a cached table failed
-- (measured: app.delete_expired_sessions(), a role change, a membership change). The co-located
-- outbox shard of the same tenant lives on the same worker: the trigger's insert stays local and
-- commits with the write. ids are random uuids, so (tenant_id, id) is as unique as id.
-- Deploy before `tenantdb citus distribute` (a reference table is not re-distributed). Without
-- the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/outbox_by_tenant: no citus extension here, nothing to change';
        RETURN;
    END IF;
    ALTER TABLE cache_private.invalidations DROP CONSTRAINT invalidations_pkey;
    ALTER TABLE cache_private.invalidations ADD CONSTRAINT invalidations_pkey PRIMARY KEY (tenant_id, id);
    COMMENT ON CONSTRAINT invalidations_pkey ON cache_private.invalidations IS
        'Citus only (citus/outbox_by_tenant): keyed by tenant first, so the outbox is distributed by tenant_id and co-located with the tables whose triggers write it.';
END
$citus$;

COMMIT;
