-- Deploy tenantdb:citus/workspace_policies to pg
-- On a Citus cluster only: the permissive policies citus/policies dropped because they still held
-- a subquery are re-created where that subquery is only the once-per-statement call of a
-- function with arguments, ( SELECT app_private.resolved_workspace_ids('editor'::text) AS
-- resolved_workspace_ids), which citus/policies' pattern (calls without arguments) did not
-- unwrap. Since perf/resolved_context these calls read the signed context, not a table, so the
-- plain call is what Citus needs. Each policy comes back with its command, roles and comment,
-- its calls unwrapped and the table's tenant check (its dropped RESTRICTIVE tenant_isolation)
-- ANDed in, as citus/policies does for every other permissive policy. Measured before: the
-- workspace tables (agents, artifacts, phases, workflows, workspace_configs, workspace_members,
-- workspace_settings, ...) had no policy for tenantdb_app on Citus: every such access was lost
-- (fail closed) and a DELETE without a context deleted nothing instead of raising 42501.
-- A policy whose subquery reads a table (messages_select_for_definer) stays dropped. The
-- policies re-created are listed in app_private.citus_restored_policies for the revert.
-- Without the citus extension this change does nothing.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $citus$
DECLARE
    call_with_arguments CONSTANT text := '\( SELECT ([a-z_]+\.[a-z_]+\([^()]*\)) AS [a-z_]+\)';
    p record;
    tenant_check record;
    new_using text;
    new_check text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'citus/workspace_policies: no citus extension here, nothing to change';
        RETURN;
    END IF;
    CREATE TABLE app_private.citus_restored_policies (
        table_name text NOT NULL,
        policy_name name NOT NULL,
        PRIMARY KEY (table_name, policy_name)
    );
    COMMENT ON TABLE app_private.citus_restored_policies IS
        'Citus only (citus/workspace_policies): the policies citus/policies dropped that were re-created in a form Citus accepts (their saved originals stay in citus_replaced_policies); the revert drops these. Owner only.';
    COMMENT ON COLUMN app_private.citus_restored_policies.table_name IS 'Schema-qualified table of the policy, as in citus_replaced_policies.';
    COMMENT ON COLUMN app_private.citus_restored_policies.policy_name IS 'Name of the re-created policy.';

    FOR p IN SELECT * FROM app_private.citus_replaced_policies
              WHERE replaced_by = 'dropped' AND permissive = 'PERMISSIVE' ORDER BY table_name, policy_name LOOP
        new_using := pg_catalog.regexp_replace(p.using_expression, call_with_arguments, '\1', 'g');
        new_check := pg_catalog.regexp_replace(p.check_expression, call_with_arguments, '\1', 'g');
        CONTINUE WHEN coalesce(new_using, '') ~* '\(\s*SELECT\s' OR coalesce(new_check, '') ~* '\(\s*SELECT\s';
        SELECT pg_catalog.regexp_replace(r.using_expression, call_with_arguments, '\1', 'g') AS using_check,
               pg_catalog.regexp_replace(coalesce(r.check_expression, r.using_expression), call_with_arguments, '\1', 'g') AS with_check
          INTO tenant_check
          FROM app_private.citus_replaced_policies r
         WHERE r.table_name = p.table_name AND r.policy_name = 'tenant_isolation' AND r.permissive = 'RESTRICTIVE';
        IF NOT FOUND OR tenant_check.using_check ~* '\(\s*SELECT\s' THEN
            RAISE EXCEPTION 'citus/workspace_policies: % has no tenant check to carry into %', p.table_name, p.policy_name;
        END IF;
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS PERMISSIVE FOR %s TO %s', p.policy_name, p.table_name, p.command,
                                  (SELECT pg_catalog.string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r) END, ', ')
                                     FROM pg_catalog.unnest(p.roles) AS r))
             || CASE WHEN new_using IS NOT NULL THEN ' USING (' || tenant_check.using_check || ' AND (' || new_using || '))' ELSE '' END
             || CASE WHEN new_check IS NOT NULL THEN ' WITH CHECK (' || tenant_check.with_check || ' AND (' || new_check || '))' ELSE '' END;
        IF p.policy_comment IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', p.policy_name, p.table_name, p.policy_comment);
        END IF;
        INSERT INTO app_private.citus_restored_policies (table_name, policy_name) VALUES (p.table_name, p.policy_name);
    END LOOP;
END
$citus$;

COMMIT;
