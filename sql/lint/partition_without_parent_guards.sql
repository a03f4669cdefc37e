-- partition_without_parent_guards (ERROR)
-- A partition of a table with row level security that lacks what its parent has: RLS enabled
-- and forced, and every policy of the parent with the same kind, command, roles and expressions
-- (PostgreSQL copies none of them to a partition). A query through the parent is filtered by the
-- parent's policies, but a query naming the partition, a definer function or trigger running as
-- the owner, or a later grant on it reaches its rows with only the partition's own. Partitions
-- are made by app_private.create_history_partitions(), which copies them
-- (app_private.copy_partition_guards); this finds one made any other way.
WITH parent_policies AS (
    SELECT p.polrelid, p.polname, p.polpermissive, p.polcmd, p.polroles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
    FROM pg_catalog.pg_policy p
), gaps AS (
    SELECT i.inhrelid AS part, i.inhparent AS parent, 'row level security is not enabled' AS gap
    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    WHERE pc.relrowsecurity AND NOT c.relrowsecurity
    UNION ALL
    SELECT i.inhrelid, i.inhparent, 'row level security is not forced'
    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    WHERE pc.relforcerowsecurity AND NOT c.relforcerowsecurity
    UNION ALL
    SELECT i.inhrelid, i.inhparent, pg_catalog.format('policy %I of the parent is missing or differs', pp.polname)
    FROM pg_catalog.pg_inherits i
    JOIN parent_policies pp ON pp.polrelid = i.inhparent
    WHERE NOT EXISTS (
        SELECT FROM parent_policies q
        WHERE q.polrelid = i.inhrelid AND q.polname = pp.polname AND q.polpermissive = pp.polpermissive
          AND q.polcmd = pp.polcmd AND q.polroles = pp.polroles
          AND q.qual IS NOT DISTINCT FROM pp.qual AND q.with_check IS NOT DISTINCT FROM pp.with_check)
)
SELECT 'partition_without_parent_guards' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS object,
       pg_catalog.format('partition %I.%I of %s: %s', n.nspname, c.relname, g.parent::regclass,
                         pg_catalog.string_agg(g.gap, '; ' ORDER BY g.gap)) AS detail,
       pg_catalog.format('SELECT app_private.copy_partition_guards(%L); (create partitions only with app_private.create_history_partitions(), `tenantdb partitions create`)',
                         pg_catalog.format('%I.%I', n.nspname, c.relname)) AS remediation
FROM gaps g
JOIN pg_catalog.pg_class c ON c.oid = g.part
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('app', 'app_private')
GROUP BY n.nspname, c.relname, g.parent
ORDER BY 3
