-- duplicate_index (WARN)
-- Two or more indexes of one table with the same key columns, operator classes, collations,
-- sort options, expressions and predicate: each one slows every write and takes space, only one
-- can ever be used. (A unique index and a plain one on the same columns count as duplicates:
-- the unique one serves every query the plain one could.)
SELECT 'duplicate_index' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I (indexes %s)', n.nspname, c.relname,
                         pg_catalog.string_agg(pg_catalog.quote_ident(ic.relname), ', ' ORDER BY i.indisunique DESC, ic.relname)) AS object,
       pg_catalog.format('indexes %s on %I.%I are identical (%s): only one is ever used, all of them slow down writes',
                         pg_catalog.string_agg(pg_catalog.quote_ident(ic.relname), ', ' ORDER BY i.indisunique DESC, ic.relname),
                         n.nspname, c.relname, pg_catalog.min(pg_catalog.pg_get_indexdef(i.indexrelid))) AS detail,
       pg_catalog.format('Keep %s (it backs a constraint or is unique when one of them is) and DROP INDEX the others.',
                         (pg_catalog.array_agg(pg_catalog.quote_ident(ic.relname) ORDER BY i.indisprimary DESC, i.indisunique DESC, ic.relname))[1]) AS remediation
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('app', 'app_private')
GROUP BY n.nspname, c.relname, i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
         pg_catalog.pg_get_expr(i.indexprs, i.indrelid), pg_catalog.pg_get_expr(i.indpred, i.indrelid)
HAVING pg_catalog.count(*) > 1
ORDER BY 3
