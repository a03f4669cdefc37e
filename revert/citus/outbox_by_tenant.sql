-- Revert tenantdb:citus/outbox_by_tenant from pg
-- The outbox keyed by id alone again (as cache/outbox made it, without a comment on the key);
-- without the citus extension nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    ALTER TABLE cache_private.invalidations DROP CONSTRAINT invalidations_pkey;
    ALTER TABLE cache_private.invalidations ADD CONSTRAINT invalidations_pkey PRIMARY KEY (id);
END
$citus$;

COMMIT;
