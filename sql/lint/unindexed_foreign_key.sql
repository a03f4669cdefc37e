-- unindexed_foreign_key (WARN)
-- A foreign key whose columns no index covers (the key's columns, in any order, as the leading
-- columns of a valid non-partial index). Every DELETE or key UPDATE of a referenced row then scans
-- the whole referencing table, and joins along the key cannot use an index.
SELECT 'unindexed_foreign_key' AS name,
       'WARN' AS level,
       pg_catalog.format('%I.%I (constraint %I)', n.nspname, c.relname, con.conname) AS object,
       pg_catalog.format('foreign key %I on %I.%I (%s) -> %s has no covering index: deleting or re-keying a referenced row scans all of %I.%I',
                         con.conname, n.nspname, c.relname, cols.list, con.confrelid::regclass, n.nspname, c.relname) AS detail,
       pg_catalog.format('CREATE INDEX %s ON %I.%I (%s);  (or make the primary key or a unique key start with these columns)',
                         pg_catalog.quote_ident(pg_catalog.left(c.relname || '_' || cols.names, 59) || '_idx'), n.nspname, c.relname, cols.list) AS remediation
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord) AS list,
           pg_catalog.string_agg(a.attname, '_' ORDER BY k.ord) AS names
    FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
) AS cols
WHERE con.contype = 'f'
  AND con.conparentid = 0
  AND n.nspname IN ('app', 'app_private')
  AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_index i
      WHERE i.indrelid = con.conrelid
        AND i.indisvalid
        AND i.indpred IS NULL
        AND (pg_catalog.string_to_array(i.indkey::text, ' ')::int2[])[1:pg_catalog.cardinality(con.conkey)] @> con.conkey
        AND (pg_catalog.string_to_array(i.indkey::text, ' ')::int2[])[1:pg_catalog.cardinality(con.conkey)] <@ con.conkey)
ORDER BY 3
