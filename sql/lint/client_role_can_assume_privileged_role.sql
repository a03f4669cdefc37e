-- client_role_can_assume_privileged_role (ERROR)
-- A client role (tenantdb_app, tenantdb_service) that is a member, directly or through other
-- roles, of the owner (tenantdb_owner), the maintenance role (tenantdb_maintenance), the other
-- client role, or any superuser or BYPASSRLS role. A member can SET ROLE to it (or inherits its
-- rights): as the owner it may disable RLS and drop policies, as maintenance it bypasses RLS, as
-- the service role it sees its whole tenant.
SELECT 'client_role_can_assume_privileged_role' AS name,
       'ERROR' AS level,
       pg_catalog.format('role %I', client.rolname) AS object,
       pg_catalog.format('client role %I is a member of %s: it can SET ROLE to %s and act with %s rights',
                         client.rolname,
                         pg_catalog.string_agg(pg_catalog.quote_ident(target.rolname), ', ' ORDER BY target.rolname),
                         CASE WHEN pg_catalog.count(*) > 1 THEN 'them' ELSE 'it' END,
                         CASE WHEN pg_catalog.count(*) > 1 THEN 'their' ELSE 'its' END) AS detail,
       pg_catalog.format('REVOKE %s FROM %I;  (and from any role %I is a member of)',
                         pg_catalog.string_agg(pg_catalog.quote_ident(target.rolname), ', ' ORDER BY target.rolname),
                         client.rolname, client.rolname) AS remediation
FROM pg_catalog.pg_roles client
JOIN pg_catalog.pg_roles target
  ON target.oid <> client.oid
 AND (target.rolname IN ('tenantdb_owner', 'tenantdb_maintenance', 'tenantdb_app', 'tenantdb_service')
      OR target.rolsuper OR target.rolbypassrls)
WHERE client.rolname IN ('tenantdb_app', 'tenantdb_service')
  AND NOT client.rolsuper
  AND pg_catalog.pg_has_role(client.oid, target.oid, 'MEMBER')
GROUP BY client.rolname
ORDER BY 3
