-- Verify tenantdb:citus/audit_table_names on pg
-- With Citus: audit_row_change() names the table through app_private.audited_table_name(), which
-- gives a plain table's own name; without Citus: nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app_private.audited_table_name(regclass)') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/audit_table_names changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    PERFORM 1 / (pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.audit_row_change()'::pg_catalog.regprocedure),
                                   'app_private.audited_table_name(TG_RELID)') > 0)::int;
    PERFORM 1 / (app_private.audited_table_name('app.audit_log'::pg_catalog.regclass) = 'app.audit_log')::int;
END
$verify$;

ROLLBACK;
