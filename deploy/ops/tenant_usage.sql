-- Deploy tenantdb:ops/tenant_usage to pg
-- Per-tenant usage for operators (noisy neighbours, billing, capacity): rows and bytes per
-- tenant per table, for every table with a tenant_id column, found from the catalog at query
-- time (a table added later is counted without edits). Maintenance role only: it is the role
-- that sees every tenant (BYPASSRLS); the function and the view run as the caller, so any
-- other role would see only what its RLS allows (and it has no USAGE on app_private anyway).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.tenant_table_usage()
RETURNS TABLE (tenant_id uuid, table_name text, row_count bigint, row_bytes bigint)
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    target record;
BEGIN
    FOR target IN
        SELECT n.nspname, c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY 1, 2
    LOOP
        RETURN QUERY EXECUTE pg_catalog.format(
            'SELECT t.tenant_id, %L::text, count(*), sum(pg_catalog.pg_column_size(t.*))::bigint FROM %I.%I AS t GROUP BY t.tenant_id',
            target.nspname || '.' || target.relname, target.nspname, target.relname);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION app_private.tenant_table_usage() IS
    'Rows and bytes (sum of pg_column_size of the rows; indexes not included) per tenant per tenant table, found from the catalog. Invoker: run by the maintenance role, which sees every tenant.';
REVOKE ALL ON FUNCTION app_private.tenant_table_usage() FROM PUBLIC;

CREATE VIEW app_private.tenant_usage WITH (security_invoker = true) AS
    SELECT u.tenant_id, t.slug AS tenant_slug, u.table_name, u.row_count, u.row_bytes,
           sum(u.row_bytes) OVER (PARTITION BY u.tenant_id)::bigint AS tenant_bytes
    FROM app_private.tenant_table_usage() AS u
    LEFT JOIN app.tenants AS t ON t.id = u.tenant_id;
COMMENT ON VIEW app_private.tenant_usage IS
    'Per-tenant usage for the maintenance role: rows and bytes per tenant per table, with the tenant''s total bytes; order by tenant_bytes DESC for the largest tenants first.';
COMMENT ON COLUMN app_private.tenant_usage.tenant_id IS 'Tenant.';
COMMENT ON COLUMN app_private.tenant_usage.tenant_slug IS 'The tenant''s slug.';
COMMENT ON COLUMN app_private.tenant_usage.table_name IS 'Schema-qualified table.';
COMMENT ON COLUMN app_private.tenant_usage.row_count IS 'Rows of the tenant in the table.';
COMMENT ON COLUMN app_private.tenant_usage.row_bytes IS 'Bytes of those rows (pg_column_size; TOAST compressed sizes, no indexes).';
COMMENT ON COLUMN app_private.tenant_usage.tenant_bytes IS 'Bytes of the tenant over all tables.';

GRANT EXECUTE ON FUNCTION app_private.tenant_table_usage() TO tenantdb_maintenance;
GRANT SELECT ON app_private.tenant_usage TO tenantdb_maintenance;

COMMIT;
