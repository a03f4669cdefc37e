-- policy_context_call_per_row (WARN)
-- A policy that calls current_setting() or a non-immutable function of app / app_private (the
-- context accessors app.current_tenant_id(), app.current_user_id(), role and membership lookups)
-- outside a sub-select. The planner then calls it once per row instead of once per statement (as
-- an InitPlan): a scan of a large table runs the lookup (and the query inside it) for every row.
--
-- How: the policy expressions are read as stored, as node trees (pg_policy.polqual/polwithcheck),
-- not as deparsed text. Tokens "{NODE" and "}" give each node its depth; a FUNCEXPR is inside a
-- sub-select when it lies between a SUBLINK's "{" and that SUBLINK's closing "}". Deparsed text
-- (pg_policies.qual) would need a parser for parentheses, quotes and casts; the node tree is the
-- planner's own input and names functions by OID, so renames and search_path cannot fool it.
WITH policy_expressions AS (
    SELECT p.oid AS policy_oid, 'USING' AS clause, p.polqual::text AS tree
    FROM pg_catalog.pg_policy p
    WHERE p.polqual IS NOT NULL
    UNION ALL
    SELECT p.oid, 'WITH CHECK', p.polwithcheck::text
    FROM pg_catalog.pg_policy p
    WHERE p.polwithcheck IS NOT NULL
),
-- "{NODE" opens a node, "}" closes one; a brace preceded by a backslash belongs to a name.
tokens AS (
    SELECT e.policy_oid, e.clause, t.ord, t.m[1] AS node, t.m[2]::oid AS funcid,
           pg_catalog.sum(CASE WHEN t.m[1] IS NULL THEN -1 ELSE 1 END)
               OVER (PARTITION BY e.policy_oid, e.clause ORDER BY t.ord) AS depth
    FROM policy_expressions e
    CROSS JOIN LATERAL pg_catalog.regexp_matches(e.tree, '(?<!\\)(?:\{([A-Z_]+)(?: :funcid ([0-9]+))?|\})', 'g')
        WITH ORDINALITY AS t(m, ord)
),
-- Each SUBLINK spans from its "{" to the first later "}" that returns to the depth outside it.
sublinks AS (
    SELECT s.policy_oid, s.clause, s.ord AS open_ord, pg_catalog.min(c.ord) AS close_ord
    FROM tokens s
    JOIN tokens c ON c.policy_oid = s.policy_oid AND c.clause = s.clause
                 AND c.node IS NULL AND c.ord > s.ord AND c.depth = s.depth - 1
    WHERE s.node = 'SUBLINK'
    GROUP BY s.policy_oid, s.clause, s.ord
),
per_row_calls AS (
    SELECT f.policy_oid, f.clause, f.funcid
    FROM tokens f
    WHERE f.node = 'FUNCEXPR'
      AND NOT EXISTS (SELECT FROM sublinks s
                      WHERE s.policy_oid = f.policy_oid AND s.clause = f.clause
                        AND f.ord > s.open_ord AND f.ord < s.close_ord)
)
SELECT 'policy_context_call_per_row' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I (policy %I)', n.nspname, c.relname, p.polname) AS object,
       pg_catalog.format('policy %I on %I.%I calls %s outside a sub-select in its %s clause: it runs once per row, not once per statement',
                         p.polname, n.nspname, c.relname,
                         pg_catalog.string_agg(DISTINCT fn.oid::regprocedure::text, ', '), r.clause) AS detail,
       'Wrap each call in a sub-select so it becomes an InitPlan: tenant_id = (SELECT app.current_tenant_id()), '
       || '(SELECT app_private.current_person_role()) = ''admin''. A lookup that takes the row''s columns '
       || '(is_member(workspace_id)) becomes a set-valued one: workspace_id = ANY ((SELECT app_private.current_workspace_ids())).' AS remediation
FROM per_row_calls r
JOIN pg_catalog.pg_proc fn ON fn.oid = r.funcid
JOIN pg_catalog.pg_namespace fns ON fns.oid = fn.pronamespace
JOIN pg_catalog.pg_policy p ON p.oid = r.policy_oid
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE (fns.nspname = 'pg_catalog' AND fn.proname = 'current_setting')
   OR (fns.nspname IN ('app', 'app_private') AND fn.provolatile <> 'i')
GROUP BY n.nspname, c.relname, p.polname, r.clause
ORDER BY 3, r.clause
