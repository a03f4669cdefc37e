-- Partitions of the history tables are left out: they are their parent's (docs/partitions.md).
-- Tables (plain and partitioned) of the product schemas, with their row-level security state.
SELECT c.oid::regclass::text AS qualified,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind = 'p' AS partitioned,
       c.relispartition AS is_partition,
       (SELECT i.inhparent::regclass::text FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) AS partition_of,
       c.relrowsecurity AS rls_enabled,
       c.relforcerowsecurity AS rls_forced,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (%(schemas)s) AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition  -- monthly partitions (named by date) are shown by their parent, docs/partitions.md
ORDER BY n.nspname, c.relname;
