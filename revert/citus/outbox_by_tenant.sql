-- Revert tenantdb:citus/outbox_by_tenant from pg
-- The outbox keyed by id alone again (as cache/outbox made it, without a comment on the key).
-- Once distributed it cannot be (a unique key of a distributed table includes tenant_id): it is
-- undistributed first and becomes the reference table it was before this change, rows kept.
-- Without the citus extension nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    distributed boolean;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    distributed := EXISTS (SELECT FROM pg_catalog.pg_dist_partition p
                           WHERE p.logicalrelid = 'cache_private.invalidations'::pg_catalog.regclass);
    IF distributed THEN  -- a key without tenant_id is refused on a distributed table: as it was, a reference table
        PERFORM pg_catalog.undistribute_table('cache_private.invalidations');
    END IF;
    ALTER TABLE cache_private.invalidations DROP CONSTRAINT invalidations_pkey;
    ALTER TABLE cache_private.invalidations ADD CONSTRAINT invalidations_pkey PRIMARY KEY (id);
    IF distributed THEN
        PERFORM pg_catalog.create_reference_table('cache_private.invalidations');
        PERFORM pg_catalog.truncate_local_data_after_distributing_table('cache_private.invalidations');
    END IF;
END
$citus$;

COMMIT;
