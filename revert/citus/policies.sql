-- Revert tenantdb:citus/policies from pg
-- Re-creates every policy the deploy altered or dropped exactly as it was (saved in
-- app_private.citus_replaced_policies: permissiveness, command, roles, expressions, comment),
-- then drops that table. Without the citus extension the deploy changed nothing and so does this.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    p record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    FOR p IN SELECT * FROM app_private.citus_replaced_policies ORDER BY table_name, policy_name LOOP
        EXECUTE pg_catalog.format('DROP POLICY IF EXISTS %I ON %s', p.policy_name, p.table_name);
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s', p.policy_name, p.table_name,
                                  p.permissive, p.command,
                                  (SELECT pg_catalog.string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r) END, ', ')
                                     FROM pg_catalog.unnest(p.roles) AS r))
             || CASE WHEN p.using_expression IS NOT NULL THEN ' USING (' || p.using_expression || ')' ELSE '' END
             || CASE WHEN p.check_expression IS NOT NULL THEN ' WITH CHECK (' || p.check_expression || ')' ELSE '' END;
        IF p.policy_comment IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', p.policy_name, p.table_name, p.policy_comment);
        END IF;
    END LOOP;
    DROP TABLE app_private.citus_replaced_policies;
END
$citus$;

COMMIT;
