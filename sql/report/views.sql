-- Views and materialized views of the product schemas with their security mode.
-- security_invoker: the caller's privileges and RLS apply; otherwise the owner's do.
SELECT c.oid::regclass::text AS qualified,
       CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       COALESCE((SELECT lower(o.option_value) IN ('true', 'on', 'yes', '1')
                 FROM pg_catalog.pg_options_to_table(c.reloptions) o
                 WHERE o.option_name = 'security_invoker'), false) AS security_invoker,
       COALESCE((SELECT lower(o.option_value) IN ('true', 'on', 'yes', '1')
                 FROM pg_catalog.pg_options_to_table(c.reloptions) o
                 WHERE o.option_name = 'security_barrier'), false) AS security_barrier,
       pg_catalog.pg_get_viewdef(c.oid, true) AS definition,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (%(schemas)s) AND c.relkind IN ('v', 'm')
ORDER BY n.nspname, c.relname;
