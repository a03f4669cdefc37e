-- client_role_owns_objects (ERROR)
-- A client role (tenantdb_app, tenantdb_service) that owns something in this database, or the
-- database itself. An owner may ALTER TABLE ... DISABLE ROW LEVEL SECURITY, drop policies and
-- grant itself anything, and it is exempt from RLS on tables whose RLS is not forced.
-- Everything is owned by tenantdb_owner, which nobody logs in as.
WITH this_database AS (
    SELECT db.oid FROM pg_catalog.pg_database db WHERE db.datname = pg_catalog.current_database()
),
owned AS (
    SELECT s.refobjid AS role_oid,
           pg_catalog.pg_describe_object(s.classid, s.objid, s.objsubid) AS description
    FROM pg_catalog.pg_shdepend s
    CROSS JOIN this_database this
    WHERE s.deptype = 'o'
      AND s.refclassid = 'pg_catalog.pg_authid'::regclass
      AND (s.dbid = this.oid OR (s.classid = 'pg_catalog.pg_database'::regclass AND s.objid = this.oid))
)
SELECT 'client_role_owns_objects' AS name,
       'ERROR' AS level,
       pg_catalog.format('role %I', r.rolname) AS object,
       pg_catalog.format('client role %I owns %s object(s): %s', r.rolname, pg_catalog.count(*),
                         pg_catalog.string_agg(o.description, '; ' ORDER BY o.description)) AS detail,
       pg_catalog.format('Create objects as the owner (SET LOCAL ROLE tenantdb_owner in the deploy script), or: REASSIGN OWNED BY %I TO tenantdb_owner;',
                         r.rolname) AS remediation
FROM owned o
JOIN pg_catalog.pg_roles r ON r.oid = o.role_oid
WHERE r.rolname IN ('tenantdb_app', 'tenantdb_service')
GROUP BY r.rolname
ORDER BY 3
