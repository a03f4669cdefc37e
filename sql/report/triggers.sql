-- User-defined triggers of the product tables (internal constraint triggers left out).
SELECT t.tgrelid::regclass::text AS qualified,
       t.tgname AS name,
       t.tgfoid::regprocedure::text AS function,
       pg_catalog.pg_get_triggerdef(t.oid, true) AS definition,
       pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (%(schemas)s) AND NOT t.tgisinternal AND t.tgparentid = 0
  AND NOT c.relispartition  -- monthly partitions (named by date) are shown by their parent, docs/partitions.md
ORDER BY n.nspname, c.relname, t.tgname;
