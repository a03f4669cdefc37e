"""`tenantdb report`: the DBA review material is generated from the live catalog, the committed
copy in docs/ matches the deployed schema (CI refuses drift), and a changed policy shows up as a
readable diff."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

import psycopg
import pytest

from cli_help import help_text, run_main
from tenantdb import report
from tenantdb.catalog import read_catalog, table_domains
from tenantdb.compat import REFERENCE_MAJOR, comparable, server_major
from tenantdb.errors import BadInput
from tenantdb.lint import Finding
from tenantdb.settings import project_root

DOCS = project_root() / "docs"


def tenantdb_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


def superuser(tenantdb, dbname: str) -> psycopg.Connection:
    """Schema changes in a scratch clone are made as the owner (through the superuser)."""
    conn = tenantdb.connect(dbname, autocommit=True)
    conn.execute("SET ROLE tenantdb_owner")
    return conn


def server_major_of(tenantdb, dbname: str) -> int:
    with tenantdb.connect(dbname) as conn:
        return server_major(conn)


def catalog_of(tenantdb, dbname: str):
    with tenantdb.connect(dbname) as conn:
        return read_catalog(conn)


# ----------------------------------------------------------------------------- drift check
def test_committed_documents_match_the_deployed_schema(tenantdb):
    proc = tenantdb_cli("report", "--check")
    assert proc.returncode == 0, (
        f"docs/ differs from the deployed schema; run `{report.REGENERATE}` and commit.\n{proc.stdout}\n{proc.stderr}")
    assert "no drift" in proc.stdout
    assert "0 warning(s)" in proc.stdout, proc.stderr


def test_changing_one_policy_makes_the_check_fail_with_a_readable_diff(tenantdb, fresh_db):
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("ALTER POLICY users_select_app ON app.users USING (id = (SELECT app.current_user_id()))")
    proc = tenantdb_cli("report", "--check", "--db", fresh_db)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    diff = proc.stdout
    assert f"--- {DOCS / 'policies.md'} (committed)" in diff
    assert f"+++ {DOCS / 'policies.md'} (regenerated from the database)" in diff
    # The removed OR branch is one readable line of the policy, not a changed blob.
    removed = [line for line in diff.splitlines() if line.startswith("-") and "resolved_person_role" in line]
    assert any("OR" in line and "'educator'::text" in line for line in removed), diff
    if server_major_of(tenantdb, fresh_db) == REFERENCE_MAJOR:  # the dump is compared there only
        assert f"{DOCS / 'schema.sql'} (committed)" in diff, "the schema snapshot shows the change too"
    assert "Regenerate and commit: .venv/bin/tenantdb report" in proc.stderr.replace("\n", " ")


def test_check_json_names_the_drifted_files(tenantdb, fresh_db):
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("COMMENT ON POLICY users_delete_app ON app.users IS 'Changed in a scratch database.'")
    proc = tenantdb_cli("report", "--check", "--json", "--db", fresh_db)
    assert proc.returncode == 1
    import json

    data = json.loads(proc.stdout)
    dump = ["schema.sql"] if server_major_of(tenantdb, fresh_db) == REFERENCE_MAJOR else []
    assert data["drift"] == ["policies.md", *dump]
    assert "+`users_delete_app` — DELETE to tenantdb_app, permissive: Changed in a scratch database." in data["diffs"]["policies.md"]


def test_report_writes_the_files_into_out_and_removes_stale_pictures(tmp_path, tenantdb):
    (tmp_path / "erd-gone.svg").write_text("a domain that no longer exists")
    proc = tenantdb_cli("report", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    pictures = sorted(p.name for p in DOCS.glob("erd-*.svg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*report.FILES, *pictures])
    with tenantdb.connect("postgres") as conn:
        major = server_major(conn)
    for name in [*report.FILES, *pictures]:  # as far as this server's major version can be compared (tenantdb.compat)
        written = comparable(name, (tmp_path / name).read_text(encoding="utf-8"), major)
        assert written == comparable(name, (DOCS / name).read_text(encoding="utf-8"), major), f"{name} differs from docs/"


def test_output_is_deterministic_and_carries_no_versions_or_times(tenantdb, module_db):
    first = report.generate(tenantdb.backend, module_db)
    second = report.generate(tenantdb.backend, module_db)
    assert first == second
    assert "graphviz version" not in first["erd.svg"]
    assert "Dumped" not in first["schema.sql"] and "pgtap" not in first["schema.sql"]
    assert "CREATE EXTENSION IF NOT EXISTS vector" in first["schema.sql"]
    for text in first.values():
        assert "2026-" not in text and "PostgreSQL 1" not in text


def test_unknown_database_is_a_clear_usage_error(tenantdb):
    proc = run_main("report", "--check", "--db", "no_such_database_9")
    assert proc.returncode == 2
    assert "database 'no_such_database_9' does not exist" in proc.stderr and "omit --db" in proc.stderr


def test_database_without_the_schema_is_explained(tenantdb):
    proc = tenantdb_cli("report", "--check", "--db", "postgres")
    assert proc.returncode == 1
    assert "not deployed in database 'postgres'" in proc.stderr and "tenantdb deploy" in proc.stderr


def test_help_has_an_example():
    text = help_text("report")
    assert "Example" in text and "--check" in text


# ----------------------------------------------------------------------------- policies.md
def test_policy_report_shows_rls_policies_grants_and_definers(tenantdb, module_db):
    text = report.render(catalog_of(tenantdb, module_db))["policies.md"]
    assert "| [`app.users`](#appusers) | identity | yes | yes | 7 |" in text
    assert "| `tenant_isolation` | ALL | PUBLIC | **restrictive** |" in text
    assert "| `users_update_app` | UPDATE | tenantdb_app | permissive |" in text
    assert "WITH CHECK (\n    (( SELECT app_private.resolved_person_role()" in text
    assert "| `tenantdb_service` | SELECT, INSERT, UPDATE, DELETE |" in text
    assert ("| `app_private.current_person_role()` | `tenantdb_owner` | `pg_catalog, pg_temp` | STABLE | sql "
            "| tenantdb_app, tenantdb_maintenance, tenantdb_service |") in text


def test_policy_report_flags_unsafe_views_definers_and_unforced_tables(tenantdb, fresh_db):
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("CREATE TABLE app.scratch_notes (tenant_id uuid NOT NULL, body text)")
        conn.execute("CREATE VIEW app.v_owner_rights AS SELECT id FROM app.users")
        conn.execute("CREATE VIEW app.v_invoker WITH (security_invoker = on) AS SELECT id FROM app.users")
        conn.execute("CREATE FUNCTION app.unpinned() RETURNS int LANGUAGE sql SECURITY DEFINER RETURN 1")
        conn.execute("GRANT UPDATE (body) ON app.scratch_notes TO tenantdb_app")
    text = report.render(catalog_of(tenantdb, fresh_db))["policies.md"]
    assert "| [`app.scratch_notes`](#appscratch_notes) | unassigned | **NO** | **NO** | 0 |" in text
    assert "| `tenantdb_app` | UPDATE (body) |" in text
    assert "| `app.v_owner_rights` | unassigned | view | **owner's rights (security definer)** |" in text
    assert "| `app.v_invoker` | unassigned | view | security_invoker |" in text
    assert "| `app.unpinned()` | `tenantdb_owner` | **not set** |" in text


def test_lint_findings_go_under_their_table_once_the_lint_is_wired(tenantdb, module_db):
    catalog = catalog_of(tenantdb, module_db)
    assert "Lint findings" not in report.render(catalog)["policies.md"], "nothing rendered while the lint is absent"
    findings = [Finding("policy_without_initplan", "WARN", "app.users.users_select_app", "calls per row", "wrap it"),
                Finding("policy_without_initplan", "WARN", "app.users (policy users_update_app)", "calls per row", "wrap it"),
                Finding("schema_public_usable", "INFO", "schema public", "usable by PUBLIC", "revoke")]
    text = report.render(catalog, findings)["policies.md"]
    users = text.split("### app.users", 1)[1].split("## Views", 1)[0]
    assert "| WARN | `policy_without_initplan` | `app.users.users_select_app` | calls per row | wrap it |" in users
    # grouped by the finding's structured relation, so a policy of the table goes under it too
    assert "| WARN | `policy_without_initplan` | `app.users (policy users_update_app)` | calls per row | wrap it |" in users
    assert "## Other lint findings" in text and "`schema public`" in text.split("## Other lint findings", 1)[1]


# ----------------------------------------------------------------------------- access matrix
def test_access_matrix_agrees_with_the_database_today(tenantdb, module_db):
    matrix = report.build_access_matrix(catalog_of(tenantdb, module_db), report.load_access_matrix(), project_root())
    users = next(m for m in matrix if m.name == "users")
    assert users.cells["student"] == {"select": "own", "insert": None, "update": "own", "delete": None}
    assert users.findings == []
    assert "tests/pgtap/identity/users_access.sql" in users.tested_in


def test_access_matrix_flags_a_missing_grant_and_an_unlisted_permission(tenantdb, fresh_db):
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("REVOKE UPDATE ON app.users FROM tenantdb_app")
        conn.execute("GRANT INSERT ON app.tenants TO tenantdb_service")
        conn.execute("CREATE POLICY tenants_insert_service ON app.tenants FOR INSERT TO tenantdb_service WITH CHECK (true)")
    text = report.render(catalog_of(tenantdb, fresh_db))["access-matrix.md"]
    assert "- the matrix lets student, educator, coach, admin update, but tenantdb_app cannot: no grant" in text
    assert ("- tenantdb_service can insert (grant and permissive policy), but the matrix gives the service role no "
            "insert: revoke the grant or add the cell") in text
    assert "| *database: `tenantdb_app`* | yes | yes | no (no grant) | yes |" in text


def test_access_matrix_file_errors_say_what_to_fix(tmp_path):
    bad = tmp_path / "matrix.toml"
    bad.write_text("[users\n")
    with pytest.raises(BadInput, match="is not valid TOML"):
        report.load_access_matrix(bad)
    bad.write_text('users = "everyone"\n')
    with pytest.raises(BadInput, match="users must be a table of roles"):
        report.load_access_matrix(bad)


def test_unknown_roles_operations_and_scopes_are_findings_not_crashes(tenantdb, module_db):
    matrix = {"users": {"student": {"select": "mine", "read": "all"}, "teacher": {"select": "all"}, "own": "id"}}
    users = next(m for m in report.build_access_matrix(catalog_of(tenantdb, module_db), matrix, project_root())
                 if m.name == "users")
    assert "sql/access_matrix.toml [users].student.select has unknown scope 'mine' (scopes are all, own, enrolled, " \
           "member, shared, consented)" in users.findings
    assert any("[users].student names unknown operation 'read'" in f for f in users.findings)
    assert any("[users] names unknown role 'teacher'" in f for f in users.findings)


def test_views_in_the_matrix_are_judged_by_their_grants_and_security_mode(tenantdb, fresh_db):
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("CREATE VIEW app.v_scratch WITH (security_invoker = true) AS SELECT id FROM app.users")
        conn.execute("GRANT SELECT ON app.v_scratch TO tenantdb_app")
        conn.execute("CREATE VIEW app.v_scratch_definer AS SELECT id FROM app.users")
    matrix = {"v_scratch": {"student": {"select": "own"}, "service": {"select": "all"}},
              "v_scratch_definer": {"student": {"select": "own"}}}
    rows = {m.name: m for m in report.build_access_matrix(catalog_of(tenantdb, fresh_db), matrix, project_root())}
    assert rows["v_scratch"].deployed
    assert "the matrix lets service select, but tenantdb_service cannot: no grant" in rows["v_scratch"].findings
    assert not any("tenantdb_app" in f for f in rows["v_scratch"].findings)
    assert any("owner's rights" in f for f in rows["v_scratch_definer"].findings)


def test_workspace_member_roles_render_and_are_understood(tenantdb, module_db):
    """Finding: "unknown role 'member_roles' ... ignored" for 10 tables; the rules were not rendered."""
    matrix = report.build_access_matrix(catalog_of(tenantdb, module_db), report.load_access_matrix(), project_root())
    members = next(m for m in matrix if m.name == "workspace_members")
    assert members.findings == []
    assert members.scope_text("student", "select") == "member (viewer+)"
    assert members.scope_text("student", "delete") == "member (owner+)"
    assert not any("member_roles" in f for m in matrix for f in m.findings)
    text = report.render(catalog_of(tenantdb, module_db))["access-matrix.md"]
    assert "| student | member (viewer+) | member (editor+) | member (editor+) | member (editor+) |" in text


def test_coverage_counts_pgtap_files_and_pytest_modules(tenantdb, module_db):
    """Finding: "tested in: none" for 13 tables tests/test_access_matrix.py covers."""
    matrix = {m.name: m for m in report.build_access_matrix(catalog_of(tenantdb, module_db),
                                                            report.load_access_matrix(), project_root())}
    assert "tests/test_access_matrix.py" in matrix["agents"].pytest
    assert "tests/pgtap/identity/users_access.sql" in matrix["users"].pgtap
    assert "tests/test_migrations.py" not in matrix["users"].tested_in, "naming a table is not testing its access"
    assert all(m.tested_in for m in matrix.values()), [m.name for m in matrix.values() if not m.tested_in]


def test_column_rules_render_and_disagreeing_column_grants_are_findings(tenantdb, fresh_db):
    rows = {m.name: m for m in report.build_access_matrix(catalog_of(tenantdb, fresh_db),
                                                          report.load_access_matrix(), project_root())}
    assert rows["messages"].findings == [] and rows["messages"].columns_ruled
    assert rows["messages"].grant_text("update") == "feedback_score"
    assert rows["users"].column_text("student", "update") == "display_name"
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("GRANT UPDATE (content) ON app.messages TO tenantdb_app")
    rows = {m.name: m for m in report.build_access_matrix(catalog_of(tenantdb, fresh_db),
                                                          report.load_access_matrix(), project_root())}
    assert ("tenantdb_app may update columns content, feedback_score; the matrix lists feedback_score for the "
            "person roles") in rows["messages"].findings
    bad = {"users": {"student": {"update": "own"}, "own": "id",
                     "columns": {"update": ["display_name", "nickname"], "teacher": {"update": []}}}}
    users = next(m for m in report.build_access_matrix(catalog_of(tenantdb, fresh_db), bad, project_root())
                 if m.name == "users")
    assert any("lets student update column 'nickname'" in f for f in users.findings)
    assert any("[users.columns] has unknown key 'teacher'" in f for f in users.findings)


def test_check_fails_on_a_warning_even_without_drift(tenantdb, fresh_db, tmp_path):
    """`report --check` passed with findings in docs/access-matrix.md; now any warning fails it."""
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("GRANT UPDATE (content) ON app.messages TO tenantdb_app")
    written = tenantdb_cli("report", "--db", fresh_db, "--out", str(tmp_path))
    assert written.returncode == 0, written.stderr
    assert re.search(r"rendered \d+ files", written.stdout) and "1 warning(s)" in written.stdout
    proc = tenantdb_cli("report", "--check", "--db", fresh_db, "--out", str(tmp_path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no drift" in proc.stdout and "warning: app.messages: tenantdb_app may update columns content" in proc.stderr


# ----------------------------------------------------------------------------- ERD
def test_domains_come_from_the_sqitch_change_that_creates_the_table():
    domains = table_domains()
    assert domains["app.users"] == ("identity", "identity/users")
    assert domains["app.tenants"] == ("core", "core/tenants")


def test_erd_shows_keys_and_composite_foreign_keys(tenantdb, fresh_db):
    edges_before = report.render(catalog_of(tenantdb, fresh_db))["erd.svg"].count('<g id="edge')
    with superuser(tenantdb, fresh_db) as conn:
        conn.execute("""
            CREATE TABLE app.scratch_courses (
                tenant_id uuid NOT NULL REFERENCES app.tenants (id), id uuid NOT NULL, code text NOT NULL,
                PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, code));
            CREATE TABLE app.scratch_enrollments (
                tenant_id uuid NOT NULL REFERENCES app.tenants (id), id uuid NOT NULL,
                user_id uuid NOT NULL, course_id uuid NOT NULL, mentor_id uuid,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, user_id) REFERENCES app.users (tenant_id, id),
                FOREIGN KEY (tenant_id, course_id) REFERENCES app.scratch_courses (tenant_id, id),
                FOREIGN KEY (tenant_id, mentor_id) REFERENCES app.users (tenant_id, id))""")
    files = report.render(catalog_of(tenantdb, fresh_db))
    erd = files["erd.md"]
    assert "        uuid tenant_id PK, FK\n        uuid id PK\n        uuid user_id FK\n" in erd
    assert '    scratch_courses ||--o{ scratch_enrollments : "course_id"' in erd
    assert '    users |o--o{ scratch_enrollments : "mentor_id"' in erd, "a nullable foreign key is optional"
    assert '    users ||--o{ scratch_enrollments : "user_id"' in erd
    assert "tenants ||--o{" not in erd, "the tenant_id line of every table is not drawn"
    overview = files["erd.svg"]
    assert overview.startswith("<?xml") and "app.scratch_enrollments" in overview and "mentor_id</text>" not in overview
    assert overview.count('<g id="edge') == edges_before + 2, "one arrow per related pair (users: two keys, one arrow)"
    domain = files["erd-unassigned.svg"]
    assert "app.scratch_enrollments" in domain and "mentor_id" in domain
    assert domain.count('<g id="edge') == 3, "one edge per foreign key of the scratch tables"


#: The widest advance of the monospace fonts an SVG viewer substitutes for Courier (Courier
#: and Courier New, Liberation Mono: 0.600 em; DejaVu Sans Mono: 0.602 em).
MONOSPACE_EM = 0.602


def overflowing_texts(svg: str) -> list[str]:
    """Left-aligned cell texts wider than their cell, measured as the viewer's font draws them."""
    import re as _re

    out, right = [], None
    for line in svg.splitlines():
        polygon = _re.search(r'<polygon fill="none" stroke="black" points="([^"]+)"', line)
        if polygon:
            right = max(float(p.split(",")[0]) for p in polygon.group(1).split())
            continue
        text = _re.search(r'<text text-anchor="start" x="([\d.-]+)".*font-size="([\d.]+)">([^<]*)</text>', line)
        if text and right is not None:
            x, size, content = float(text.group(1)), float(text.group(2)), html.unescape(text.group(3))
            if x + len(content) * MONOSPACE_EM * size > right:
                out.append(f"{content!r} ends at {x + len(content) * MONOSPACE_EM * size:.1f}, its cell at {right:.1f}")
    return out


def test_erd_is_one_readable_picture_per_domain_plus_an_overview():
    """Finding: docs/erd.svg was 1761x5180 pt in one column, type names overflowed their cells.
    Now: an overview and a picture per domain, in a monospace font whose widths Graphviz knows."""
    domains = sorted(p.name for p in DOCS.glob("erd-*.svg"))
    assert {"erd-identity.svg", "erd-workspaces.svg", "erd-conversations.svg"} <= set(domains)
    for name in ["erd.svg", *domains]:
        svg = (DOCS / name).read_text()
        width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
        assert width <= 1600 and height <= 2400, f"{name} is {width:.0f}x{height:.0f} pt"
        assert 'font-family="Courier,monospace"' in svg
        assert overflowing_texts(svg) == [], f"{name}: text overflows its cell"
    overview = (DOCS / "erd.svg").read_text()
    assert "erd-workspaces.svg" in overview, "the overview links each domain's picture"


def test_the_overflow_check_catches_a_wide_text():
    svg = ('<polygon fill="none" stroke="black" points="0,0 0,10 50,10 50,0 0,0"/>\n'
           '<text text-anchor="start" x="4" y="5" font-family="Courier,monospace" font-size="11.00">sharepoint_sync</text>')
    assert overflowing_texts(svg)


# ----------------------------------------------------------------------------- SQL layout
def test_short_expressions_stay_on_one_line():
    assert report.format_sql_expr("tenant_id = (( SELECT app.current_tenant_id()))") == \
        "tenant_id = (( SELECT app.current_tenant_id()))"


def test_long_expressions_split_at_top_level_or_only():
    expr = ("id = (( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() "
            "AS current_person_role)) = ANY (ARRAY['educator OR admin'::text, 'coach'::text, 'admin'::text])")
    lines = report.format_sql_expr(expr).splitlines()
    assert len(lines) == 2 and lines[1].startswith("OR (( SELECT app_private")
    assert "'educator OR admin'" in lines[1], "words inside string literals are never split"
