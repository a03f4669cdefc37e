-- Verify tenantdb:citus/outbox_by_tenant on pg
-- With Citus: the outbox's primary key is (tenant_id, id); without Citus: (id), unchanged.
BEGIN;

DO $verify$
DECLARE
    key_columns text[] := (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord)
                           FROM pg_catalog.pg_constraint c
                           CROSS JOIN LATERAL pg_catalog.unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                           WHERE c.conrelid = 'cache_private.invalidations'::pg_catalog.regclass AND c.contype = 'p');
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        PERFORM 1 / (key_columns = ARRAY['tenant_id', 'id'])::int;
    ELSE
        PERFORM 1 / (key_columns = ARRAY['id'])::int;
    END IF;
END
$verify$;

ROLLBACK;
