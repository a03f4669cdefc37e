-- current_setting_without_missing_ok (WARN)
-- Reading the tenant context unsafely:
--   * current_setting(name) without missing_ok raises "unrecognized configuration parameter" when
--     the setting was never set in the session, instead of meaning "no context";
--   * current_setting(name, true) outside NULLIF(..., ''): after SET LOCAL ends or RESET, the
--     setting reads '' (not NULL), so a cast such as ::uuid fails with 22P02 for a client that
--     merely has no context, and a comparison with '' may match.
-- Checked in policy expressions, column defaults and SQL-standard function bodies of app and
-- app_private (node trees, as policy_context_call_per_row explains), and, for the one-argument
-- form, in the source text of other functions there. The accessors (app.current_tenant_id(),
-- app.current_user_id()) already do it right: use them instead.
WITH expressions AS (
    SELECT pg_catalog.format('%I.%I (policy %I)', n.nspname, c.relname, p.polname) AS object,
           'USING clause' AS place, p.polqual::text AS tree
    FROM pg_catalog.pg_policy p
    JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE p.polqual IS NOT NULL
    UNION ALL
    SELECT pg_catalog.format('%I.%I (policy %I)', n.nspname, c.relname, p.polname),
           'WITH CHECK clause', p.polwithcheck::text
    FROM pg_catalog.pg_policy p
    JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE p.polwithcheck IS NOT NULL
    UNION ALL
    SELECT pg_catalog.format('%I.%I.%I', n.nspname, c.relname, a.attname), 'default', d.adbin::text
    FROM pg_catalog.pg_attrdef d
    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    JOIN pg_catalog.pg_class c ON c.oid = d.adrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('app', 'app_private')
    UNION ALL
    SELECT fn.oid::regprocedure::text, 'body', fn.prosqlbody::text
    FROM pg_catalog.pg_proc fn
    JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
    WHERE n.nspname IN ('app', 'app_private') AND fn.prosqlbody IS NOT NULL
),
tokens AS (
    SELECT e.object, e.place, t.ord, t.m[1] AS node, t.m[2]::oid AS funcid,
           pg_catalog.sum(CASE WHEN t.m[1] IS NULL THEN -1 ELSE 1 END)
               OVER (PARTITION BY e.object, e.place ORDER BY t.ord) AS depth
    FROM expressions e
    CROSS JOIN LATERAL pg_catalog.regexp_matches(e.tree, '(?<!\\)(?:\{([A-Z_]+)(?: :funcid ([0-9]+))?|\})', 'g')
        WITH ORDINALITY AS t(m, ord)
),
nullifs AS (
    SELECT s.object, s.place, s.ord AS open_ord, pg_catalog.min(c.ord) AS close_ord
    FROM tokens s
    JOIN tokens c ON c.object = s.object AND c.place = s.place
                 AND c.node IS NULL AND c.ord > s.ord AND c.depth = s.depth - 1
    WHERE s.node = 'NULLIFEXPR'
    GROUP BY s.object, s.place, s.ord
),
unsafe_calls AS (
    SELECT t.object, t.place,
           CASE WHEN t.funcid = 'pg_catalog.current_setting(text)'::regprocedure
                THEN 'current_setting(name) without missing_ok'
                ELSE 'current_setting(name, true) outside NULLIF(..., '''')'
           END AS problem
    FROM tokens t
    WHERE t.node = 'FUNCEXPR'
      AND (t.funcid = 'pg_catalog.current_setting(text)'::regprocedure
           OR (t.funcid = 'pg_catalog.current_setting(text, boolean)'::regprocedure
               AND NOT EXISTS (SELECT FROM nullifs x
                               WHERE x.object = t.object AND x.place = t.place
                                 AND t.ord > x.open_ord AND t.ord < x.close_ord)))
    UNION ALL
    SELECT fn.oid::regprocedure::text, 'body', 'current_setting(name) without missing_ok'
    FROM pg_catalog.pg_proc fn
    JOIN pg_catalog.pg_namespace n ON n.oid = fn.pronamespace
    WHERE n.nspname IN ('app', 'app_private')
      AND fn.prosqlbody IS NULL
      AND fn.prosrc ~* 'current_setting\s*\(\s*(''[^'']*''|[a-z_][a-z0-9_.]*)\s*\)'
)
SELECT DISTINCT 'current_setting_without_missing_ok' AS name,
       'WARN' AS level,
       u.object,
       pg_catalog.format('%s reads a setting with %s: with no tenant context it raises an error instead of meaning "no context"',
                         u.object || CASE u.place WHEN 'body' THEN '' ELSE ', in its ' || u.place || ',' END, u.problem) AS detail,
       'Use the accessors, which return NULL without a context: (SELECT app.current_tenant_id()), (SELECT app.current_user_id()); '
       || 'elsewhere read NULLIF(current_setting(''app.x'', true), '''')' AS remediation
FROM unsafe_calls u
ORDER BY 3, 4
