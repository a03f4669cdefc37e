"""A schema written the way docs/conventions.md says, of any size: the lints must find nothing in it.

Used by tests/test_lint.py (no false positives on convention-following tables) and by
scripts/lint_figures.py (how long the lints take on a schema of N tables).
"""

from __future__ import annotations


def convention_table_sql(name: str, parent: str | None = None) -> str:
    """One tenant table as the conventions write it: composite keys, guard, indexes leading with
    tenant_id, one permissive policy per (role, command) with sub-selects, comments, grants."""
    parent_column = f"    {parent}_id uuid NOT NULL,\n" if parent else ""
    parent_fk = (f",\n    CONSTRAINT {name}_{parent}_fkey FOREIGN KEY (tenant_id, {parent}_id)"
                 f" REFERENCES app.{parent} (tenant_id, id) ON DELETE CASCADE") if parent else ""
    parent_idx = (f"CREATE INDEX {name}_{parent}_idx ON app.{name} (tenant_id, {parent}_id);\n"
                  f"COMMENT ON INDEX app.{name}_{parent}_idx IS 'Rows of one {parent} row.';\n"
                  f"COMMENT ON COLUMN app.{name}.{parent}_id IS 'The {parent} row this belongs to.';\n") if parent else ""
    return f"""
CREATE TABLE app.{name} (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
{parent_column}    title text NOT NULL,
    token_hash bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT {name}_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT {name}_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT {name}_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users (tenant_id, id),
    CONSTRAINT {name}_title_key UNIQUE (tenant_id, title),
    CONSTRAINT {name}_title_length CHECK (char_length(title) BETWEEN 1 AND 200){parent_fk}
);
SELECT app_private.guard_tenant_table('app.{name}');
CREATE INDEX {name}_user_idx ON app.{name} (tenant_id, user_id);
COMMENT ON INDEX app.{name}_user_idx IS 'Rows of one person; serves the policies and the foreign key.';
{parent_idx}COMMENT ON TABLE app.{name} IS 'Convention fixture table.';
COMMENT ON COLUMN app.{name}.tenant_id IS 'Owning tenant.';
COMMENT ON COLUMN app.{name}.id IS 'Row id.';
COMMENT ON COLUMN app.{name}.user_id IS 'Person the row belongs to.';
COMMENT ON COLUMN app.{name}.title IS 'Title, 1-200 characters, unique per tenant.';
COMMENT ON COLUMN app.{name}.token_hash IS 'sha256 of a token.';
COMMENT ON COLUMN app.{name}.created_at IS 'Creation time.';
COMMENT ON COLUMN app.{name}.updated_at IS 'Last update.';
CREATE POLICY {name}_select_app ON app.{name} FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id())
           OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin'));
CREATE POLICY {name}_insert_app ON app.{name} FOR INSERT TO tenantdb_app
    WITH CHECK (user_id = (SELECT app.current_user_id()));
CREATE POLICY {name}_update_app ON app.{name} FOR UPDATE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
CREATE POLICY {name}_delete_app ON app.{name} FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
CREATE POLICY {name}_all_service ON app.{name} FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON app.{name} TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
CREATE VIEW app.v_{name} WITH (security_invoker = true) AS SELECT id, title FROM app.{name};
COMMENT ON VIEW app.v_{name} IS 'Read model of {name}.';
COMMENT ON COLUMN app.v_{name}.id IS 'Row id.';
COMMENT ON COLUMN app.v_{name}.title IS 'Title.';
GRANT SELECT ON app.v_{name} TO tenantdb_app, tenantdb_service;
"""


def convention_schema_sql(tables: int) -> str:
    """`tables` convention tables, each after the first referencing the one before."""
    parts = ["SET LOCAL ROLE tenantdb_owner;"]
    for i in range(tables):
        parts.append(convention_table_sql(f"conv_{i:03d}", parent=f"conv_{i - 1:03d}" if i else None))
    return "\n".join(parts)
