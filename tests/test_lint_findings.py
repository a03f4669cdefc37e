"""Structured lint findings: the object a finding names is kind, schema, name and relation
(or file position), read once where the finding is made and used as fields everywhere after
(JSON, SARIF, the report's grouping)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantdb.lint import Finding, Lint, LintReport, ObjectRef, parse_object, to_sarif
from tenantdb.lint.catalog_lints import _run_one


@pytest.mark.parametrize(("text", "expected"), [
    ("app.users", ObjectRef("relation", "app", "users", "app.users")),
    ("app.users.email", ObjectRef("column", "app", "email", "app.users")),
    ("app.users (policy users_select_app)", ObjectRef("policy", "app", "users_select_app", "app.users")),
    ("app.users (constraint users_role_check)", ObjectRef("constraint", "app", "users_role_check", "app.users")),
    ("app.messages (indexes a_idx, b_idx)", ObjectRef("index", "app", "a_idx, b_idx", "app.messages")),
    ("app.messages (policies p1, p2)", ObjectRef("policy", "app", "p1, p2", "app.messages")),
    ('app."odd.name".col', ObjectRef("column", "app", "col", 'app."odd.name"')),
    ("app_private.current_person_role()", ObjectRef("function", "app_private", "current_person_role()")),
    ("role tenantdb_app", ObjectRef("role", name="tenantdb_app")),
    ("schema public", ObjectRef("schema", name="public")),
    ("deploy/identity/users.sql:12:5", ObjectRef("file", path="deploy/identity/users.sql", line=12, column=5)),
    ("something else", ObjectRef("other", name="something else")),
])
def test_every_object_spelling_becomes_fields(text: str, expected: ObjectRef) -> None:
    assert parse_object(text) == expected
    assert Finding("x", "WARN", text, "", "").ref == expected


def test_json_carries_the_structured_object() -> None:
    data = Finding("rls_not_forced", "ERROR", "app.users", "d", "r").as_dict()
    assert data["kind"] == "relation" and data["schema"] == "app" and data["object_name"] == "users"
    assert data["relation"] == "app.users" and data["object"] == "app.users"
    assert data["location"] == {"kind": "relation", "schema": "app", "name": "users", "relation": "app.users"}


def test_sarif_places_file_findings_by_their_fields_not_their_text() -> None:
    """A squawk finding's position comes from its ref; the object text is not re-parsed."""
    ref = ObjectRef("file", path="deploy/x.sql", line=7, column=3)
    finding = Finding("squawk:ban-drop-column", "WARN", "any label at all", "d", "r", ref=ref)
    table_finding = Finding("rls_not_forced", "ERROR", "app.users (policy p)", "d", "r")
    sarif = to_sarif(LintReport(active=[finding, table_finding]), lints=[])
    first, second = sarif["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "deploy/x.sql"}, "region": {"startLine": 7, "startColumn": 3}}
    assert second["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "app.users (policy p)", "kind": "policy"}]


def test_a_lint_may_return_the_object_as_columns(tenantdb, module_db) -> None:
    """The optional columns object_kind, object_schema, object_name are taken as they are."""
    lint = Lint("structured_example", "INFO", "example", (
        "SELECT 'structured_example' AS name, 'INFO' AS level, 'app.users' AS object, 'd' AS detail, 'r' AS remediation,"
        " 'relation' AS object_kind, 'app' AS object_schema, 'users' AS object_name"), Path("structured_example.sql"))
    with tenantdb.connect(module_db) as conn:
        (finding,) = _run_one(conn, lint)
    assert finding.ref == ObjectRef("relation", "app", "users", "app.users")


def test_a_lint_with_other_columns_is_refused(tenantdb, module_db) -> None:
    from tenantdb.errors import TenantDBError

    lint = Lint("broken_example", "INFO", "example", "SELECT 1 AS one", Path("broken_example.sql"))
    with tenantdb.connect(module_db) as conn, pytest.raises(TenantDBError, match="returns columns"):
        _run_one(conn, lint)
