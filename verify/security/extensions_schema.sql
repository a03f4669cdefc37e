-- Verify tenantdb:security/extensions_schema on pg
BEGIN;

DO $verify$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
               WHERE e.extname IN ('citext', 'vector') AND n.nspname <> 'extensions') THEN
        RAISE EXCEPTION 'citext or vector is not in schema extensions';
    END IF;
    IF pg_catalog.has_schema_privilege('tenantdb_app', 'extensions', 'CREATE')
       OR pg_catalog.has_schema_privilege('tenantdb_service', 'extensions', 'CREATE') THEN
        RAISE EXCEPTION 'a client group may create objects in schema extensions';
    END IF;
END
$verify$;

SELECT app.search_chunks(pg_catalog.array_fill(0, ARRAY[384])::real[]::extensions.vector, 1);

ROLLBACK;
