-- audit_log_rewritable (ERROR)
-- A role that holds UPDATE, DELETE or TRUNCATE on the append-only app.audit_log. The owner owns
-- the table and can grant itself these privileges back (or disable its trigger); this lint is
-- what notices. The one expected holder is tenantdb_audit_eraser with DELETE (the owner of
-- app_private.erase_tenant_records(), which deletes an erased tenant's rows). Superusers are not
-- listed: they hold everything.
SELECT 'audit_log_rewritable' AS name,
       'ERROR' AS level,
       pg_catalog.format('app.audit_log (%s: %s)', r.rolname, p.privilege) AS object,
       pg_catalog.format('role %I holds %s on app.audit_log, which is append-only: a holder can rewrite or remove the audit trail',
                         r.rolname, p.privilege) AS detail,
       pg_catalog.format('REVOKE %s ON app.audit_log FROM %I;', p.privilege, r.rolname) AS remediation
FROM pg_catalog.pg_roles r
CROSS JOIN (VALUES ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p (privilege)
WHERE pg_catalog.to_regclass('app.audit_log') IS NOT NULL
  AND NOT r.rolsuper
  AND r.rolname !~ '^pg_'
  AND pg_catalog.has_table_privilege(r.oid, 'app.audit_log', p.privilege)
  AND NOT (r.rolname = 'tenantdb_audit_eraser' AND p.privilege = 'DELETE')
ORDER BY 3
