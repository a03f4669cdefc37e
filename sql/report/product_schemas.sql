-- Schemas of the product: those owned by the owner role (app, app_private, ...).
-- Parameter: %(owner)s, the owner role's name.
SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_catalog.pg_namespace n
WHERE n.nspowner = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = %(owner)s)
ORDER BY n.nspname;
