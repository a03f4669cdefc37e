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
-- Deployed after distribution (the outbox a reference table), the outbox is undistributed, keyed
-- by tenant and distributed by tenant_id beside app.user_sessions, rows kept. Without the citus
-- extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    distributed boolean;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/outbox_by_tenant: no citus extension here, nothing to change';
        RETURN;
    END IF;
    distributed := EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                           WHERE p.logicalrelid = 'cache_private.invalidations'::pg_catalog.regclass);
    IF distributed THEN
        PERFORM pg_catalog.undistribute_table('cache_private.invalidations');
    END IF;
    ALTER TABLE cache_private.invalidations DROP CONSTRAINT invalidations_pkey;
    ALTER TABLE cache_private.invalidations ADD CONSTRAINT invalidations_pkey PRIMARY KEY (tenant_id, id);
    COMMENT ON CONSTRAINT invalidations_pkey ON cache_private.invalidations IS
        'Citus only (citus/outbox_by_tenant): keyed by tenant first, so the outbox is distributed by tenant_id and co-located with the tables whose triggers write it.';
    IF distributed THEN
        PERFORM pg_catalog.create_distributed_table('cache_private.invalidations', 'tenant_id',
                                                    colocate_with => 'app.user_sessions');
        PERFORM pg_catalog.truncate_local_data_after_distributing_table('cache_private.invalidations');
    END IF;
END
$citus$;

COMMIT;
