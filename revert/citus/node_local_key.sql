-- Revert tenantdb:citus/node_local_key from pg
-- Re-creates the three key readers as they were (saved in app_private.citus_key_readers), drops
-- the workers' copies of the key (created by tenantdb citus distribute, if any) and the
-- coordinator's; without the citus extension nothing to do.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    f record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config('search_path', '', true);
    FOR f IN SELECT * FROM app_private.citus_key_readers ORDER BY function_name LOOP
        EXECUTE f.original_definition;
    END LOOP;
    DROP TABLE app_private.citus_key_readers;
    IF EXISTS (SELECT FROM pg_catalog.pg_dist_node WHERE noderole = 'primary' AND groupid <> 0) THEN
        PERFORM public.run_command_on_workers('DROP TABLE IF EXISTS app_private.context_signing_key_on_node');
    END IF;
    DROP TABLE app_private.context_signing_key_on_node;
END
$citus$;

COMMIT;
