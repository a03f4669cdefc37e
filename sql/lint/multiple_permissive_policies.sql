-- multiple_permissive_policies (WARN)
-- Several permissive policies apply to the same role and command on one table. PostgreSQL ORs
-- them: the widest wins, and for writes the WITH CHECK of one policy admits rows another was
-- written to refuse. Every one of them is also evaluated for every row. The convention is one
-- permissive policy per (role, command) with an explicit OR inside.
-- FOR ALL counts for SELECT, INSERT, UPDATE and DELETE; TO PUBLIC counts for every role named by
-- another policy of the table and for the client roles tenantdb_app and tenantdb_service.
WITH permissive AS (
    SELECT p.oid AS policy_oid, p.polrelid, p.polname, cmd.cmd, r.role_oid
    FROM pg_catalog.pg_policy p
    CROSS JOIN LATERAL pg_catalog.unnest(CASE p.polcmd WHEN '*' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                                                       WHEN 'r' THEN ARRAY['SELECT'] WHEN 'a' THEN ARRAY['INSERT']
                                                       WHEN 'w' THEN ARRAY['UPDATE'] ELSE ARRAY['DELETE'] END) AS cmd(cmd)
    CROSS JOIN LATERAL pg_catalog.unnest(p.polroles) AS r(role_oid)
    WHERE p.polpermissive
),
roles_per_table AS (
    SELECT DISTINCT polrelid, role_oid FROM permissive
    UNION
    SELECT DISTINCT p.polrelid, ro.oid
    FROM permissive p
    CROSS JOIN pg_catalog.pg_roles ro
    WHERE ro.rolname IN ('tenantdb_app', 'tenantdb_service')
),
applied AS (
    SELECT p.policy_oid, p.polrelid, p.polname, p.cmd, p.role_oid
    FROM permissive p
    WHERE p.role_oid <> 0
    UNION
    SELECT p.policy_oid, p.polrelid, p.polname, p.cmd, rt.role_oid
    FROM permissive p
    JOIN roles_per_table rt ON rt.polrelid = p.polrelid
    WHERE p.role_oid = 0
),
overlapping AS (
    SELECT a.polrelid, a.role_oid, a.cmd,
           pg_catalog.array_agg(pg_catalog.quote_ident(a.polname) ORDER BY a.polname) AS policies
    FROM applied a
    GROUP BY a.polrelid, a.role_oid, a.cmd
    HAVING pg_catalog.count(*) > 1
)
SELECT 'multiple_permissive_policies' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I (policies %s)', n.nspname, c.relname, pg_catalog.array_to_string(o.policies, ', ')) AS object,
       pg_catalog.format('on %I.%I, role %s has %s permissive policies for %s (%s): they OR together, so the widest one decides',
                         n.nspname, c.relname,
                         CASE WHEN o.role_oid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o.role_oid)) END,
                         pg_catalog.cardinality(o.policies),
                         pg_catalog.string_agg(o.cmd, ', ' ORDER BY pg_catalog.array_position(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'], o.cmd)),
                         pg_catalog.array_to_string(o.policies, ', ')) AS detail,
       'Merge them into one permissive policy per role and command (<table>_<command>_app, <table>_all_service) '
       || 'whose expression says every case with an explicit OR.' AS remediation
FROM overlapping o
JOIN pg_catalog.pg_class c ON c.oid = o.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
GROUP BY n.nspname, c.relname, o.role_oid, o.policies
ORDER BY 3, 4
