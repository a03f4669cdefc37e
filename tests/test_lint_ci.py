"""CI gate: the fully deployed schema and the deploy scripts have no lint finding at WARN or above
(unless allowlisted with a reason), and a deliberately broken schema or script fails the gate.

When this fails after your change landed, the message lists each finding with the object and
the fix; `tenantdb lint` prints the same table locally.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import pytest

from cli_help import run_main
from tenantdb.lint import (
    apply_allowlist,
    at_or_above,
    format_failure,
    load_allowlist,
    run_lints,
    run_squawk,
    squawk_config_path,
)
from tenantdb.settings import project_root


def tenantdb_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=project_root())


def test_deployed_schema_has_no_errors_or_warnings(tenantdb, module_db):
    with tenantdb.connect(module_db, autocommit=True) as conn:
        findings = run_lints(conn)
    report = apply_allowlist(findings, load_allowlist())
    failing = at_or_above(report.active, "WARN")
    assert not failing, format_failure(failing)


def test_deploy_scripts_pass_squawk():
    report = apply_allowlist(run_squawk(), load_allowlist())
    failing = at_or_above(report.active, "WARN")
    assert not failing, format_failure(failing)


def test_squawk_config_gives_a_reason_for_every_excluded_rule():
    text = squawk_config_path().read_text()
    config = tomllib.loads(text)
    assert config.get("pg_version", "").startswith("15"), "lint for the oldest supported server (15)"
    lines = text.splitlines()
    for rule in config.get("excluded_rules", []):
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{rule}"'))
        above = []
        for line in reversed(lines[:index]):
            if not line.strip().startswith("#"):
                break
            above.append(line)
        assert any("reason:" in line for line in above), f"excluded squawk rule {rule} has no '# reason:' comment above it"


def test_allowlist_entries_all_have_reasons():
    for entry in load_allowlist():
        assert len(entry.reason) >= 20, f"{entry.lint} on {entry.object}: say why in a sentence"


# ------------------------------------------------------------------ the gate fails when it should
@pytest.fixture
def broken_db(tenantdb):
    """A clone of the template with a tenant table written without the conventions (committed)."""
    with tenantdb.clone("lint_broken") as name:
        with tenantdb.connect(name, autocommit=True) as conn:
            conn.execute("""
                SET ROLE tenantdb_owner;
                CREATE TABLE app.broken_notes (tenant_id uuid NOT NULL, id uuid PRIMARY KEY, body text);
                COMMENT ON TABLE app.broken_notes IS 'Deliberately broken: no RLS, key without tenant_id.';
                GRANT SELECT ON app.broken_notes TO tenantdb_app;
                CREATE TABLE app.broken_languages (code text PRIMARY KEY);
                COMMENT ON TABLE app.broken_languages IS 'Shared by every tenant: no tenant_id, no RLS.';
                COMMENT ON COLUMN app.broken_languages.code IS 'ISO 639-1 code.';
                GRANT SELECT ON app.broken_languages TO tenantdb_app;
            """)
        yield name


def test_cli_fails_on_a_broken_schema_and_names_object_and_fix(broken_db):
    proc = tenantdb_cli("lint", "--db", broken_db, "--only", "catalog", "--json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    by_lint = {f["name"]: f for f in data["findings"] if f["relation"] == "app.broken_notes"}
    assert {"rls_disabled_on_tenant_table", "tenant_table_without_policy", "tenant_primary_key_without_tenant_id",
            "column_without_comment"} <= set(by_lint)
    rls = by_lint["rls_disabled_on_tenant_table"]
    assert rls["level"] == "ERROR" and "guard_tenant_table('app.broken_notes')" in rls["remediation"]
    assert data["counts"]["ERROR"] >= 3
    assert data["failing"] == len([f for f in data["findings"] if f["level"] != "INFO"])


def test_cli_info_findings_fail_only_at_level_info(broken_db):
    args = ("lint", "--db", broken_db, "--only", "catalog", "--lint", "client_table_without_rls", "--json")
    proc = tenantdb_cli(*args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert [f["object"] for f in data["findings"]] == ["app.broken_languages"] and data["counts"]["INFO"] == 1
    proc = tenantdb_cli(*args, "--level", "info")
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_cli_text_output_and_level_threshold(broken_db, tmp_path):
    proc = tenantdb_cli("lint", "--db", broken_db, "--only", "catalog", "--lint", "column_without_comment")
    assert proc.returncode == 1
    assert "app.broken_notes.body" in proc.stdout and "COMMENT ON COLUMN" in proc.stdout
    assert "lint failed" in proc.stderr
    # WARN findings only: with --level error nothing fails.
    proc = tenantdb_cli("lint", "--db", broken_db, "--only", "catalog", "--lint", "column_without_comment",
                        "--level", "error")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "lint passed" in proc.stdout
    assert "ran 1 catalog lint(s) and squawk on 0 deploy script(s)" in proc.stdout, "lint says what it ran"


def test_cli_allowlist_suppresses_with_reason_and_sarif_records_it(broken_db, tmp_path):
    allowlist = tmp_path / "allow.toml"
    objects = ["app.broken_notes.tenant_id", "app.broken_notes.id", "app.broken_notes.body"]
    allowlist.write_text("".join(
        f'[[allow]]\nlint = "column_without_comment"\nobject = "{o}"\nreason = "Fixture: columns left bare on purpose."\n'
        for o in objects))
    sarif = tmp_path / "lint.sarif"
    proc = tenantdb_cli("lint", "--db", broken_db, "--only", "catalog", "--lint", "column_without_comment",
                        "--allowlist", str(allowlist), "--sarif", str(sarif), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["findings"] == [] and len(data["allowed"]) == 3
    log = json.loads(sarif.read_text())
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert len(results) == 3
    assert all(r["suppressions"][0]["justification"].startswith("Fixture") for r in results)
    assert {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results} == set(objects)
    assert "column_without_comment" in {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}


@pytest.mark.parametrize("entry, complaint", [
    ('lint = "column_without_comment"\nobject = "app.x.y"\n', "has no reason"),
    ('lint = "column_without_comment"\nobject = "app.x.y"\nreason = "  "\n', "has no reason"),
    ('lint = "no_such_lint"\nobject = "app.x"\nreason = "because"\n', "unknown lint"),
    ('lint = "column_without_comment"\nreason = "because"\n', "has no object"),
])
def test_cli_rejects_a_bad_allowlist_entry(tmp_path, entry, complaint):
    allowlist = tmp_path / "allow.toml"
    allowlist.write_text("[[allow]]\n" + entry)
    proc = run_main("lint", "--only", "migrations", "--allowlist", str(allowlist))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert complaint in proc.stderr and "entry 1" in proc.stderr


def test_cli_names_a_missing_allowlist_and_an_unknown_database(tmp_path):
    proc = run_main("lint", "--only", "migrations", "--allowlist", str(tmp_path / "nope.toml"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    proc = run_main("lint", "--only", "catalog", "--db", "no_such_database_lint")
    # An unknown target is bad usage (exit 2) naming the server, as for prove and report (tenantdb.target).
    assert proc.returncode == 2 and "'no_such_database_lint' does not exist on the embedded server" in proc.stderr


def test_cli_rejects_an_unknown_level():
    proc = run_main("lint", "--only", "migrations", "--level", "loud")
    assert proc.returncode == 2 and "unknown level" in proc.stderr


def test_squawk_flags_a_broken_deploy_script(tmp_path):
    script = tmp_path / "deploy" / "notes.sql"
    script.parent.mkdir()
    script.write_text("BEGIN;\nCREATE TABLE notes (id int PRIMARY KEY, title varchar(20));\n"
                      "CREATE INDEX users_display_name_idx ON app.users (display_name);\nCOMMIT;\n")
    findings = run_squawk([script])
    rules = {f.name for f in findings}
    assert {"squawk:require-table-schema", "squawk:prefer-bigint-over-int", "squawk:prefer-text-field",
            "squawk:require-concurrent-index-creation"} <= rules
    index = next(f for f in findings if f.name == "squawk:require-concurrent-index-creation")
    assert re.search(r"notes\.sql:3:1$", index.object), index.object  # 1-based line of the CREATE INDEX
    assert index.level == "WARN" and "concurrently" in index.remediation.lower()
