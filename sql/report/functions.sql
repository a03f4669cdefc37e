-- Functions and procedures of the product schemas: security mode, owner, settings (search_path)
-- and who may execute them (a NULL ACL means PostgreSQL's default: PUBLIC and the owner).
SELECT p.oid::regprocedure::text AS signature,
       n.nspname AS schema,
       p.prosecdef AS security_definer,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END AS volatility,
       l.lanname AS language,
       ARRAY(SELECT s FROM unnest(p.proconfig) AS s ORDER BY 1) AS settings,
       ARRAY(SELECT DISTINCT CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END
             FROM pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) AS g
             WHERE g.privilege_type = 'EXECUTE' AND g.grantee <> p.proowner
             ORDER BY 1) AS executors,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY (%(schemas)s)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1;
