-- Verify tenantdb:security/function_search_paths on pg
BEGIN;

DO $verify$
BEGIN
    IF EXISTS (
        SELECT FROM pg_catalog.pg_proc fn
        JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
        JOIN pg_catalog.pg_language l ON l.oid = fn.prolang
        WHERE n.nspname IN ('app', 'app_private')
          AND l.lanname = 'plpgsql'
          AND NOT EXISTS (SELECT FROM pg_catalog.unnest(fn.proconfig) AS cfg(setting) WHERE cfg.setting LIKE 'search\_path=%')
    ) THEN
        RAISE EXCEPTION 'a PL/pgSQL function of app or app_private has no fixed search_path';
    END IF;
END
$verify$;

ROLLBACK;
