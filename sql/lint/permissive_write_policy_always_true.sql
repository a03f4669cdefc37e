-- permissive_write_policy_always_true (ERROR)
-- A permissive policy for INSERT, UPDATE, DELETE or ALL whose USING or WITH CHECK is a constant
-- that is not false (USING (true), WITH CHECK (1 = 1)): it lets its roles write or delete every
-- row that the restrictive policies let through, and permissive policies OR together, so it
-- also voids every narrower permissive policy for the same role and command.
-- Constant means: the expression's node tree has no column (VAR), parameter, function call or
-- sub-select; only constants and operators on them.
WITH clauses AS (
    SELECT p.oid AS policy_oid, 'USING' AS clause, p.polqual AS expr
    FROM pg_catalog.pg_policy p
    WHERE p.polpermissive AND p.polcmd IN ('w', 'd', '*') AND p.polqual IS NOT NULL
    UNION ALL
    SELECT p.oid, 'WITH CHECK', p.polwithcheck
    FROM pg_catalog.pg_policy p
    WHERE p.polpermissive AND p.polcmd IN ('a', 'w', '*') AND p.polwithcheck IS NOT NULL
)
SELECT 'permissive_write_policy_always_true' AS name,
       'ERROR' AS level,
       pg_catalog.format('%I.%I (policy %I)', n.nspname, c.relname, p.polname) AS object,
       pg_catalog.format('permissive policy %I on %I.%I for %s TO %s has the constant %s %s: its roles may %s any row of the tenant, whatever the other permissive policies say',
                         p.polname, n.nspname, c.relname,
                         CASE p.polcmd WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                         (SELECT pg_catalog.string_agg(CASE WHEN r.role_oid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.role_oid)) END, ', ')
                          FROM pg_catalog.unnest(p.polroles) AS r(role_oid)),
                         k.clause, pg_catalog.pg_get_expr(k.expr, p.polrelid),
                         CASE p.polcmd WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'write or delete' END) AS detail,
       'State who may write which rows, e.g. USING (user_id = (SELECT app.current_user_id())) or '
       || '((SELECT app_private.current_person_role()) = ''admin''); if every row of the tenant is really meant, '
       || 'write tenant_id = (SELECT app.current_tenant_id()) so the intent is explicit.' AS remediation
FROM clauses k
JOIN pg_catalog.pg_policy p ON p.oid = k.policy_oid
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE k.expr::text !~ '\{(VAR|PARAM|FUNCEXPR|SUBLINK|AGGREF|WINDOWFUNC|SQLVALUEFUNCTION|CURRENTOFEXPR|NEXTVALUEEXPR) '
  AND pg_catalog.pg_get_expr(k.expr, p.polrelid) NOT IN ('false', '(false)', 'NULL::boolean')
ORDER BY 3, k.clause
