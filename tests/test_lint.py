"""Every catalog lint (sql/lint/*.sql) has a fixture schema that triggers it and one that does not.

Each fixture runs in a scratch database cloned from the template, inside a transaction that is
rolled back (role changes included: ALTER ROLE and GRANT are transactional), so fixtures never
see each other and never touch the template or the cluster's roles. Fixture objects are named
``lintfx*`` so a finding can be traced to its fixture.

Set-up runs as the superuser (it creates what a careless change would); the lints only read the
catalog. Isolation itself is tested elsewhere as the client roles.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest

from tenantdb.lint import LEVELS, Finding, apply_allowlist, load_allowlist, load_lints, run_lints

# A tenant table the way the conventions write one: composite key, guarded (RLS enabled and
# forced, restrictive tenant_isolation), commented.
TENANT_TABLE = """
CREATE TABLE app.lintfx (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid,
    email text,
    CONSTRAINT lintfx_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT lintfx_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id)
);
SELECT app_private.guard_tenant_table('app.lintfx');
"""

# A second tenant table that references the first.
CHILD_TABLE = """
CREATE TABLE app.lintfx_child (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    parent_id uuid NOT NULL,
    CONSTRAINT lintfx_child_pkey PRIMARY KEY (tenant_id, id)
);
SELECT app_private.guard_tenant_table('app.lintfx_child');
"""

# A guarded partitioned tenant table with one partition (partitions do not inherit RLS).
PARTITIONED = """
CREATE TABLE app.lintfx_p (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT lintfx_p_pkey PRIMARY KEY (tenant_id, id, created_at)
) PARTITION BY RANGE (created_at);
SELECT app_private.guard_tenant_table('app.lintfx_p');
CREATE TABLE app.lintfx_p_2026 PARTITION OF app.lintfx_p FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
"""

COMMENTED = """
COMMENT ON TABLE app.lintfx IS 'fixture';
COMMENT ON COLUMN app.lintfx.tenant_id IS 'fixture';
COMMENT ON COLUMN app.lintfx.id IS 'fixture';
COMMENT ON COLUMN app.lintfx.owner_id IS 'fixture';
"""


@dataclass(frozen=True)
class Case:
    """Fixtures for one lint: each `bad` SQL must produce a finding whose object is `bad_object`;
    the `good` SQL must produce none whose object contains `match`."""

    bad: tuple[tuple[str, str], ...]
    good: str
    match: str = "lintfx"


CASES: dict[str, Case] = {
    "rls_disabled_on_tenant_table": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));",
              "app.lintfx"),
             # A partition that a client may query directly needs RLS of its own.
             (PARTITIONED + "GRANT SELECT ON app.lintfx_p_2026 TO tenantdb_app;", "app.lintfx_p_2026")),
        # A partition no client can reach directly is covered by the partitioned table's policies.
        good=TENANT_TABLE + PARTITIONED,
    ),
    "partition_without_parent_guards": Case(
        bad=(
            # A partition made by hand: no RLS, none of the parent's policies.
            (PARTITIONED, "app.lintfx_p_2026"),
            # RLS forced, but a policy of the parent is missing.
            (PARTITIONED + "CREATE POLICY lintfx_p_select ON app.lintfx_p FOR SELECT TO tenantdb_app USING (true);"
             "SELECT app_private.copy_partition_guards('app.lintfx_p_2026');"
             "DROP POLICY lintfx_p_select ON app.lintfx_p_2026;", "app.lintfx_p_2026"),
        ),
        # A partition given its parent's guards (what create_history_partitions does).
        good=TENANT_TABLE + PARTITIONED + "SELECT app_private.copy_partition_guards('app.lintfx_p_2026');",
    ),
    "rls_not_forced": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));"
              "ALTER TABLE app.lintfx ENABLE ROW LEVEL SECURITY;", "app.lintfx"),),
        good=TENANT_TABLE,
    ),
    "tenant_table_without_policy": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));"
              "ALTER TABLE app.lintfx ENABLE ROW LEVEL SECURITY; ALTER TABLE app.lintfx FORCE ROW LEVEL SECURITY;",
              "app.lintfx"),),
        good=TENANT_TABLE,
    ),
    "tenant_table_without_tenant_isolation": Case(
        bad=(
            # Isolation written as a permissive policy: one more permissive policy would widen it.
            ("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));"
             "ALTER TABLE app.lintfx ENABLE ROW LEVEL SECURITY; ALTER TABLE app.lintfx FORCE ROW LEVEL SECURITY;"
             "CREATE POLICY lintfx_all ON app.lintfx FOR ALL TO tenantdb_app"
             " USING (tenant_id = (SELECT app.current_tenant_id()));", "app.lintfx"),
            # Restrictive, but only for SELECT: writes are not confined to the tenant.
            ("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));"
             "ALTER TABLE app.lintfx ENABLE ROW LEVEL SECURITY; ALTER TABLE app.lintfx FORCE ROW LEVEL SECURITY;"
             "CREATE POLICY tenant_isolation ON app.lintfx AS RESTRICTIVE FOR SELECT"
             " USING (tenant_id = (SELECT app.current_tenant_id()));", "app.lintfx"),
        ),
        good=TENANT_TABLE,
    ),
    "policies_on_table_without_rls": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));"
              "CREATE POLICY lintfx_select ON app.lintfx FOR SELECT USING (tenant_id = (SELECT app.current_tenant_id()));",
              "app.lintfx"),),
        good=TENANT_TABLE,
    ),
    "policy_context_call_per_row": Case(
        bad=(
            (TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = app.current_user_id());", "app.lintfx (policy lintfx_select_app)"),
            # Inside an OR next to a sub-select: the bare call is still per row.
            (TENANT_TABLE + "CREATE POLICY lintfx_update_app ON app.lintfx FOR UPDATE TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()))"
             " WITH CHECK (owner_id = (SELECT app.current_user_id()) OR app_private.current_person_role() = 'admin');",
             "app.lintfx (policy lintfx_update_app)"),
            (TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (tenant_id::text = current_setting('app.tenant_id', true));", "app.lintfx (policy lintfx_select_app)"),
            # Braces in names are escaped in the node tree; they must not shift the sub-select's span.
            (TENANT_TABLE + 'CREATE POLICY "lintfx_{p}" ON app.lintfx FOR SELECT TO tenantdb_app'
             ' USING (EXISTS (SELECT FROM app.lintfx "x}{" WHERE "x}{".id IS NULL)'
             " AND owner_id = app.current_user_id());", 'app.lintfx (policy "lintfx_{p}")'),
        ),
        good=TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin'"
             " OR EXISTS (SELECT FROM app.users u WHERE u.tenant_id = lintfx.tenant_id"
             " AND u.id = (SELECT app.current_user_id())));",
    ),
    "current_setting_without_missing_ok": Case(
        bad=(
            (TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT current_setting('app.user_id')::uuid));", "app.lintfx (policy lintfx_select_app)"),
            (TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT current_setting('app.user_id', true)::uuid));", "app.lintfx (policy lintfx_select_app)"),
            (TENANT_TABLE + "ALTER TABLE app.lintfx ALTER COLUMN owner_id SET DEFAULT current_setting('app.user_id', true)::uuid;",
             "app.lintfx.owner_id"),
            ("CREATE FUNCTION app.lintfx_fn() RETURNS uuid LANGUAGE plpgsql STABLE"
             " AS $$ BEGIN RETURN current_setting('app.tenant_id')::uuid; END $$;", "app.lintfx_fn()"),
        ),
        good=TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::uuid));"
             "ALTER TABLE app.lintfx ALTER COLUMN owner_id SET DEFAULT NULLIF(current_setting('app.user_id', true), '')::uuid;"
             "CREATE FUNCTION app.lintfx_fn() RETURNS uuid LANGUAGE plpgsql STABLE"
             " AS $$ BEGIN RETURN NULLIF(current_setting('app.tenant_id', true), '')::uuid; END $$;",
    ),
    "permissive_write_policy_always_true": Case(
        bad=(
            (TENANT_TABLE + "CREATE POLICY lintfx_update_app ON app.lintfx FOR UPDATE TO tenantdb_app USING (true);",
             "app.lintfx (policy lintfx_update_app)"),
            (TENANT_TABLE + "CREATE POLICY lintfx_insert_app ON app.lintfx FOR INSERT TO tenantdb_app WITH CHECK (1 = 1);",
             "app.lintfx (policy lintfx_insert_app)"),
            (TENANT_TABLE + "CREATE POLICY lintfx_all ON app.lintfx FOR ALL USING (true);", "app.lintfx (policy lintfx_all)"),
        ),
        # A constant-true SELECT is "every row of the tenant" (tenant_isolation still applies);
        # a constant-false write policy denies.
        good=TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app USING (true);"
             "CREATE POLICY lintfx_delete_app ON app.lintfx FOR DELETE TO tenantdb_app USING (false);"
             "CREATE POLICY lintfx_update_app ON app.lintfx FOR UPDATE TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()));",
    ),
    "multiple_permissive_policies": Case(
        bad=(
            (TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app USING (owner_id IS NULL);"
             "CREATE POLICY lintfx_select_app_2 ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()));",
             "app.lintfx (policies lintfx_select_app, lintfx_select_app_2)"),
            # FOR ALL TO PUBLIC overlaps a role's UPDATE policy.
            (TENANT_TABLE + "CREATE POLICY lintfx_all ON app.lintfx FOR ALL USING (owner_id IS NULL);"
             "CREATE POLICY lintfx_update_app ON app.lintfx FOR UPDATE TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()));",
             "app.lintfx (policies lintfx_all, lintfx_update_app)"),
        ),
        good=TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app USING (owner_id IS NULL);"
             "CREATE POLICY lintfx_update_app ON app.lintfx FOR UPDATE TO tenantdb_app USING (owner_id IS NULL);"
             "CREATE POLICY lintfx_all_service ON app.lintfx FOR ALL TO tenantdb_service"
             " USING (tenant_id = (SELECT app.current_tenant_id()));",
    ),
    "policy_column_not_indexed": Case(
        bad=((TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
              " USING (owner_id = (SELECT app.current_user_id()));"
              # An index that does not lead with the column (nor with tenant_id, then it) does not count.
              "CREATE INDEX lintfx_email_owner_idx ON app.lintfx (tenant_id, email, owner_id);",
              "app.lintfx.owner_id"),),
        good=TENANT_TABLE + "CREATE POLICY lintfx_select_app ON app.lintfx FOR SELECT TO tenantdb_app"
             " USING (owner_id = (SELECT app.current_user_id()) OR id IS NULL);"
             "CREATE INDEX lintfx_owner_idx ON app.lintfx (tenant_id, owner_id);",
    ),
    "unindexed_foreign_key": Case(
        bad=((TENANT_TABLE + CHILD_TABLE
              + "ALTER TABLE app.lintfx_child ADD CONSTRAINT lintfx_child_parent_fkey"
                " FOREIGN KEY (tenant_id, parent_id) REFERENCES app.lintfx (tenant_id, id);",
              "app.lintfx_child (constraint lintfx_child_parent_fkey)"),),
        good=TENANT_TABLE + CHILD_TABLE
             + "ALTER TABLE app.lintfx_child ADD CONSTRAINT lintfx_child_parent_fkey"
               " FOREIGN KEY (tenant_id, parent_id) REFERENCES app.lintfx (tenant_id, id);"
               "CREATE INDEX lintfx_child_parent_idx ON app.lintfx_child (parent_id, tenant_id);",
    ),
    "table_without_primary_key": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL);", "app.lintfx"),),
        good=TENANT_TABLE,
    ),
    "duplicate_index": Case(
        bad=((TENANT_TABLE + "CREATE INDEX lintfx_owner_idx ON app.lintfx (tenant_id, owner_id);"
              "CREATE INDEX lintfx_owner_idx2 ON app.lintfx (tenant_id, owner_id);",
              "app.lintfx (indexes lintfx_owner_idx, lintfx_owner_idx2)"),),
        good=TENANT_TABLE + "CREATE INDEX lintfx_owner_idx ON app.lintfx (tenant_id, owner_id);"
             "CREATE INDEX lintfx_owner_email_idx ON app.lintfx (tenant_id, owner_id, email);"
             "CREATE INDEX lintfx_owner_partial_idx ON app.lintfx (tenant_id, owner_id) WHERE email IS NULL;",
    ),
    "tenant_primary_key_without_tenant_id": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, CONSTRAINT lintfx_pkey PRIMARY KEY (id));",
              "app.lintfx (constraint lintfx_pkey)"),),
        good=TENANT_TABLE,
    ),
    "client_login_escapes_its_group": Case(
        bad=(
            # A plain GRANT gives the SET option: the login can SET ROLE tenantdb_app.
            ("CREATE ROLE lintfx_login LOGIN; GRANT tenantdb_app TO lintfx_login;", "role lintfx_login"),
            ("CREATE ROLE lintfx_login LOGIN;"
             " GRANT tenantdb_app TO lintfx_login WITH INHERIT TRUE, SET FALSE;"
             " GRANT tenantdb_maintenance TO lintfx_login WITH INHERIT TRUE, SET FALSE;", "role lintfx_login"),
            ("CREATE ROLE lintfx_login LOGIN BYPASSRLS; GRANT tenantdb_service TO lintfx_login WITH SET FALSE;",
             "role lintfx_login"),
        ),
        good="CREATE ROLE lintfx_login LOGIN; GRANT tenantdb_app TO lintfx_login WITH INHERIT TRUE, SET FALSE;",
    ),
    "function_without_fixed_search_path": Case(
        bad=(
            ("CREATE FUNCTION app.lintfx_plpgsql() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN 1; END$$;",
             "app.lintfx_plpgsql()"),
            # SQL written as a string is parsed at run time, through the caller's search_path.
            ("CREATE FUNCTION app.lintfx_sql_string() RETURNS int LANGUAGE sql AS 'SELECT 1';",
             "app.lintfx_sql_string()"),
        ),
        good="CREATE FUNCTION app.lintfx_plpgsql() RETURNS int LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp"
             " AS $$BEGIN RETURN 1; END$$;"
             # An inlinable accessor with a SQL-standard body: names bound at CREATE, no SET clause.
             "CREATE FUNCTION app.lintfx_accessor() RETURNS int LANGUAGE sql STABLE RETURN 1;",
    ),
    "audit_log_rewritable": Case(
        bad=(
            # The owner granting itself back what audit/eraser_role revoked.
            ("GRANT UPDATE ON app.audit_log TO tenantdb_owner;", "app.audit_log (tenantdb_owner: UPDATE)"),
            ("GRANT TRUNCATE ON app.audit_log TO tenantdb_maintenance;", "app.audit_log (tenantdb_maintenance: TRUNCATE)"),
            ("GRANT UPDATE ON app.audit_log TO tenantdb_audit_eraser;", "app.audit_log (tenantdb_audit_eraser: UPDATE)"),
        ),
        good="GRANT SELECT ON app.audit_log TO tenantdb_service;",
        match="app.audit_log",
    ),
    "tenant_index_not_tenant_led": Case(
        bad=(
            (TENANT_TABLE + "CREATE INDEX lintfx_email_idx ON app.lintfx (email);", "app.lintfx (index lintfx_email_idx)"),
            # tenant_id second does not help: the scan still starts in every tenant's entries.
            (TENANT_TABLE + "CREATE INDEX lintfx_owner_idx ON app.lintfx (owner_id, tenant_id);",
             "app.lintfx (index lintfx_owner_idx)"),
            # A search index on the term alone: its posting lists span every tenant (session 9).
            (TENANT_TABLE + "CREATE INDEX lintfx_email_fts_idx ON app.lintfx USING gin (to_tsvector('simple', email));",
             "app.lintfx (index lintfx_email_fts_idx)"),
        ),
        # btree_gin lets a GIN index lead with the tenant, as the bench's candidate indexes do.
        good=TENANT_TABLE + "CREATE INDEX lintfx_email_idx ON app.lintfx (tenant_id, email);"
             "CREATE EXTENSION IF NOT EXISTS btree_gin;"
             "CREATE INDEX lintfx_email_fts_idx ON app.lintfx USING gin (tenant_id, to_tsvector('simple', email));",
    ),
    "tenant_unique_without_tenant_id": Case(
        bad=(
            (TENANT_TABLE + "ALTER TABLE app.lintfx ADD CONSTRAINT lintfx_email_key UNIQUE (email);",
             "app.lintfx (constraint lintfx_email_key)"),
            # tenant_id only as an INCLUDE column does not scope the uniqueness.
            (TENANT_TABLE + "CREATE UNIQUE INDEX lintfx_email_idx ON app.lintfx (lower(email)) INCLUDE (tenant_id);",
             "app.lintfx (index lintfx_email_idx)"),
        ),
        good=TENANT_TABLE + "ALTER TABLE app.lintfx ADD CONSTRAINT lintfx_email_key UNIQUE (tenant_id, email);"
             "CREATE UNIQUE INDEX lintfx_email_lower_idx ON app.lintfx (tenant_id, lower(email));",
    ),
    "tenant_foreign_key_without_tenant_id": Case(
        bad=((TENANT_TABLE + CHILD_TABLE
              + "ALTER TABLE app.lintfx ADD CONSTRAINT lintfx_id_key UNIQUE (id);"
                "ALTER TABLE app.lintfx_child ADD CONSTRAINT lintfx_child_parent_fkey"
                " FOREIGN KEY (parent_id) REFERENCES app.lintfx (id);",
              "app.lintfx_child (constraint lintfx_child_parent_fkey)"),),
        # Composite to a tenant table, and plain tenant_id -> app.tenants (id).
        good=TENANT_TABLE + CHILD_TABLE
             + "ALTER TABLE app.lintfx_child ADD CONSTRAINT lintfx_child_parent_fkey"
               " FOREIGN KEY (tenant_id, parent_id) REFERENCES app.lintfx (tenant_id, id);"
               "ALTER TABLE app.lintfx_child ADD CONSTRAINT lintfx_child_tenant_fkey"
               " FOREIGN KEY (tenant_id) REFERENCES app.tenants (id);",
    ),
    "client_view_without_security_invoker": Case(
        bad=(
            (TENANT_TABLE + "CREATE VIEW app.lintfx_v AS SELECT id FROM app.lintfx;"
             "GRANT SELECT ON app.lintfx_v TO tenantdb_app;", "app.lintfx_v"),
            (TENANT_TABLE + "CREATE VIEW app.lintfx_v WITH (security_invoker = false) AS SELECT id FROM app.lintfx;"
             "GRANT SELECT ON app.lintfx_v TO PUBLIC;", "app.lintfx_v"),
            (TENANT_TABLE + "CREATE MATERIALIZED VIEW app.lintfx_mv AS SELECT id FROM app.lintfx;"
             "GRANT SELECT ON app.lintfx_mv TO tenantdb_service;", "app.lintfx_mv"),
        ),
        good=TENANT_TABLE + "CREATE VIEW app.lintfx_v WITH (security_invoker = on) AS SELECT id FROM app.lintfx;"
             "GRANT SELECT ON app.lintfx_v TO tenantdb_app;"
             # Not readable by any client: only the maintenance role reads it.
             "CREATE VIEW app.lintfx_admin_v AS SELECT id FROM app.lintfx;"
             "GRANT SELECT ON app.lintfx_admin_v TO tenantdb_maintenance;",
    ),
    "security_definer_without_search_path": Case(
        bad=(("CREATE FUNCTION app_private.lintfx_fn() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';",
              "app_private.lintfx_fn()"),),
        good="CREATE FUNCTION app_private.lintfx_fn() RETURNS int LANGUAGE sql SECURITY DEFINER"
             " SET search_path = pg_catalog, pg_temp AS 'SELECT 1';"
             "CREATE FUNCTION app.lintfx_invoker() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    ),
    "security_definer_executable_by_public": Case(
        # Created by the superuser, whose default privileges give PUBLIC EXECUTE.
        bad=(("CREATE FUNCTION app_private.lintfx_fn() RETURNS int LANGUAGE sql SECURITY DEFINER"
              " SET search_path = pg_catalog, pg_temp AS 'SELECT 1';", "app_private.lintfx_fn()"),
             # The owner's default privileges revoke PUBLIC, but someone granted it back.
             ("SET LOCAL ROLE tenantdb_owner;"
              "CREATE FUNCTION app_private.lintfx_fn() RETURNS int LANGUAGE sql SECURITY DEFINER"
              " SET search_path = pg_catalog, pg_temp AS 'SELECT 1';"
              "GRANT EXECUTE ON FUNCTION app_private.lintfx_fn() TO PUBLIC; RESET ROLE;", "app_private.lintfx_fn()")),
        good="CREATE FUNCTION app_private.lintfx_fn() RETURNS int LANGUAGE sql SECURITY DEFINER"
             " SET search_path = pg_catalog, pg_temp AS 'SELECT 1';"
             "REVOKE ALL ON FUNCTION app_private.lintfx_fn() FROM PUBLIC;"
             "GRANT EXECUTE ON FUNCTION app_private.lintfx_fn() TO tenantdb_app;"
             "CREATE FUNCTION app.lintfx_invoker() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    ),
    "client_role_owns_objects": Case(
        bad=(("CREATE TABLE app.lintfx_owned (id int); ALTER TABLE app.lintfx_owned OWNER TO tenantdb_app;",
              "role tenantdb_app"),
             ("CREATE FUNCTION app.lintfx_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';"
              "ALTER FUNCTION app.lintfx_fn() OWNER TO tenantdb_service;", "role tenantdb_service")),
        good="CREATE TABLE app.lintfx_owned (id int); ALTER TABLE app.lintfx_owned OWNER TO tenantdb_owner;"
             "GRANT SELECT ON app.lintfx_owned TO tenantdb_app;",
        match="role ",
    ),
    "client_role_bypasses_rls": Case(
        bad=(("ALTER ROLE tenantdb_service BYPASSRLS;", "role tenantdb_service"),
             ("ALTER ROLE tenantdb_app SUPERUSER;", "role tenantdb_app")),
        # The maintenance role bypasses RLS by design.
        good="ALTER ROLE tenantdb_maintenance BYPASSRLS;",
        match="role ",
    ),
    "client_role_can_assume_privileged_role": Case(
        bad=(("GRANT tenantdb_owner TO tenantdb_app;", "role tenantdb_app"),
             # Through an intermediate role.
             ("CREATE ROLE lintfx_middle; GRANT tenantdb_maintenance TO lintfx_middle;"
              "GRANT lintfx_middle TO tenantdb_service;", "role tenantdb_service"),
             ("GRANT tenantdb_service TO tenantdb_app;", "role tenantdb_app")),
        # Others may be members of a client role (a login role for a pooler, say); not the reverse.
        good="CREATE ROLE lintfx_pooler; GRANT tenantdb_app TO lintfx_pooler;",
        match="role ",
    ),
    "tenant_id_without_tenant_foreign_key": Case(
        bad=(("CREATE TABLE app.lintfx (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));",
              "app.lintfx.tenant_id"),
             # A composite key to another tenant table does not replace the tenant's own key.
             (TENANT_TABLE + "CREATE TABLE app.lintfx_child (tenant_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid,"
              " PRIMARY KEY (tenant_id, id), FOREIGN KEY (tenant_id, parent_id) REFERENCES app.lintfx (tenant_id, id));",
              "app.lintfx_child.tenant_id")),
        good=TENANT_TABLE + PARTITIONED.replace(
            "CONSTRAINT lintfx_p_pkey", "CONSTRAINT lintfx_p_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),"
                                        " CONSTRAINT lintfx_p_pkey"),
    ),
    "client_table_without_rls": Case(
        bad=(("CREATE TABLE app.lintfx_languages (code text PRIMARY KEY);"
              "GRANT SELECT ON app.lintfx_languages TO tenantdb_app;", "app.lintfx_languages"),
             ("CREATE SCHEMA lintfx_extra; CREATE TABLE lintfx_extra.lintfx_notes (body text);"
              "GRANT INSERT ON lintfx_extra.lintfx_notes TO tenantdb_service;", "lintfx_extra.lintfx_notes")),
        # No client privilege, or RLS on: nothing to review.
        good="CREATE TABLE app.lintfx_jobs (id int PRIMARY KEY);"
             "GRANT SELECT ON app.lintfx_jobs TO tenantdb_maintenance;"
             "CREATE TABLE app.lintfx_settings (id int PRIMARY KEY);"
             "ALTER TABLE app.lintfx_settings ENABLE ROW LEVEL SECURITY;"
             "GRANT SELECT ON app.lintfx_settings TO tenantdb_app;",
    ),
    "table_without_comment": Case(
        bad=((TENANT_TABLE, "app.lintfx"),
             ("CREATE VIEW app.lintfx_v WITH (security_invoker = true) AS SELECT 1 AS one;", "app.lintfx_v")),
        good=TENANT_TABLE + COMMENTED + "COMMENT ON COLUMN app.lintfx.email IS 'fixture';",
    ),
    "column_without_comment": Case(
        bad=((TENANT_TABLE + COMMENTED, "app.lintfx.email"),),
        good=TENANT_TABLE + COMMENTED + "COMMENT ON COLUMN app.lintfx.email IS 'fixture';",
    ),
    "function_without_comment": Case(
        bad=(("CREATE FUNCTION app.lintfx_fn(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a;",
              "app.lintfx_fn(integer)"),),
        good="CREATE FUNCTION app.lintfx_fn(a int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a;"
             "COMMENT ON FUNCTION app.lintfx_fn(int) IS 'fixture';",
    ),
}


@pytest.fixture(scope="module")
def scratch(tenantdb, module_db):
    """A superuser connection to a clone of the template; each test rolls back what it did."""
    with tenantdb.connect(module_db) as conn:
        yield conn


def lint_fixture(conn: psycopg.Connection, lint: str, fixture_sql: str) -> list[Finding]:
    try:
        conn.execute(fixture_sql)
        return run_lints(conn, [lint])
    finally:
        conn.rollback()


def test_every_lint_has_fixtures():
    assert sorted(CASES) == sorted(lint.name for lint in load_lints())


def test_every_lint_file_documents_itself():
    for lint in load_lints():
        assert lint.level in LEVELS
        assert len(lint.description) > 80, f"{lint.path}: say what the lint finds and why it matters"


BAD = [(name, i) for name, case in CASES.items() for i in range(len(case.bad))]


@pytest.mark.parametrize(("lint", "variant"), BAD, ids=[f"{n}-{i}" for n, i in BAD])
def test_lint_triggers_on_its_bad_fixture(scratch, lint, variant):
    fixture_sql, expected_object = CASES[lint].bad[variant]
    findings = lint_fixture(scratch, lint, fixture_sql)
    objects = [f.object for f in findings]
    assert expected_object in objects, f"{lint} did not report {expected_object!r}; it reported {objects}"
    finding = findings[objects.index(expected_object)]
    level = next(x.level for x in load_lints([lint]))
    assert finding.name == lint and finding.level == level
    assert finding.detail and finding.remediation


@pytest.mark.parametrize("lint", sorted(CASES))
def test_lint_is_quiet_on_its_good_fixture(scratch, lint):
    case = CASES[lint]
    findings = lint_fixture(scratch, lint, case.good)
    assert [f for f in findings if case.match in f.object] == []


def test_a_search_index_not_led_by_the_tenant_is_told_how_to_lead_it_with_btree_gin(scratch):
    """A GIN index cannot take `tenant_id` without an operator class for uuid: the remediation
    names the extension that gives it one (and a B-tree's does not)."""
    findings = lint_fixture(scratch, "tenant_index_not_tenant_led", TENANT_TABLE
                            + "CREATE INDEX lintfx_email_fts_idx ON app.lintfx USING gin (to_tsvector('simple', email));"
                              "CREATE INDEX lintfx_email_idx ON app.lintfx (email);")
    remedies = {f.object: f.remediation for f in findings if "lintfx" in f.object}
    assert "CREATE EXTENSION IF NOT EXISTS btree_gin" in remedies["app.lintfx (index lintfx_email_fts_idx)"], remedies
    assert "USING gin (tenant_id, ...)" in remedies["app.lintfx (index lintfx_email_fts_idx)"], remedies
    assert "btree_gin" not in remedies["app.lintfx (index lintfx_email_idx)"], remedies


def test_finding_relation_names_the_table():
    def rel(obj):
        return Finding("x", "WARN", obj, "", "").relation

    assert rel("app.users") == "app.users"
    assert rel("app.users.email") == "app.users"
    assert rel("app.users (policy users_select_app)") == "app.users"
    assert rel('app."odd.name".col') == 'app."odd.name"'
    assert rel("app_private.current_person_role()") is None
    assert rel("role tenantdb_app") is None
    assert rel("deploy/identity/users.sql:12:5") is None


def test_findings_group_by_relation():
    from tenantdb.lint import findings_by_relation

    findings = [Finding("a", "WARN", "app.users.email", "", ""), Finding("b", "ERROR", "app.users", "", ""),
                Finding("c", "ERROR", "role tenantdb_app", "", "")]
    grouped = findings_by_relation(findings)
    assert [f.name for f in grouped["app.users"]] == ["a", "b"] and [f.name for f in grouped[None]] == ["c"]


def test_run_lints_keeps_the_callers_search_path(scratch):
    scratch.execute("SET search_path = app, public")
    try:
        run_lints(scratch, ["function_without_comment"])
        assert scratch.execute("SHOW search_path").fetchone()[0] == "app, public"
    finally:
        scratch.rollback()


def test_docs_list_every_lint_with_its_level():
    from tenantdb.settings import project_root

    text = (project_root() / "docs" / "lint.md").read_text()
    for lint in load_lints():
        assert f"| `{lint.name}` | {lint.level} |" in text, f"docs/lint.md has no row for {lint.name} ({lint.level})"


def test_a_schema_that_follows_the_conventions_has_no_findings(scratch):
    """No false positives: tables written as docs/conventions.md says (composite keys, guard,
    sub-selects, one policy per role and command, security_invoker views, comments) are clean."""
    from lint_schema import convention_schema_sql

    try:
        scratch.execute(convention_schema_sql(5))
        # The deployed schema's own reviewed exceptions stay accepted; the convention tables need none.
        findings = apply_allowlist(run_lints(scratch), load_allowlist()).active
    finally:
        scratch.rollback()
    assert findings == [], "\n".join(f"{f.name}: {f.object}: {f.detail}" for f in findings)
