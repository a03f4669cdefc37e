"""`tenantdb lint`: security and performance lints for the RLS schema, and migration linting.

Two sources of findings, one shape (:class:`Finding`: name, level, object, detail, remediation,
and ``ref``, the object as fields: kind, schema, name, relation, file position):

* **catalog lints** (``catalog_lints``) — one SQL query per lint in ``sql/lint/<name>.sql``, run
  against a live database. Each file starts with ``-- <name> (<LEVEL>)`` and comment lines saying
  what it finds and why it matters; the query returns the columns ``name, level, object, detail,
  remediation`` (optionally ``object_kind, object_schema, object_name``). A DBA can run any of
  them with psql as they are.
* **migration lints** (``squawk``) — squawk on ``deploy/**/*.sql`` with the committed ``.squawk.toml``.

A reviewed allowlist (``allowlist``: ``sql/lint/allowlist.toml``) suppresses justified findings:
every entry names the lint and the object and gives a reason; an entry without a reason is an
error. ``sarif`` writes SARIF 2.1.0 for code-scanning tools.

Python API (the DBA report uses it)::

    with Database(backend, name).connect() as conn:
        for finding in run_lints(conn):
            print(finding.ref.kind, finding.relation, finding.level, finding.name, finding.detail)
"""

from __future__ import annotations

from .allowlist import AllowEntry, LintReport, apply_allowlist, default_allowlist_path, load_allowlist
from .catalog_lints import Lint, lint_database, lint_dir, load_lints, run_lints
from .findings import (
    COLUMNS,
    KINDS,
    LEVELS,
    SQUAWK_PREFIX,
    STRUCTURED_COLUMNS,
    Finding,
    ObjectRef,
    at_or_above,
    findings_by_relation,
    format_failure,
    parse_level,
    parse_object,
    sort_findings,
)
from .sarif import to_sarif
from .squawk import deploy_scripts, run_squawk, squawk_bin, squawk_config_path

__all__ = [
    "COLUMNS", "KINDS", "LEVELS", "SQUAWK_PREFIX", "STRUCTURED_COLUMNS", "AllowEntry", "Finding", "Lint", "LintReport",
    "ObjectRef", "apply_allowlist", "at_or_above", "default_allowlist_path", "deploy_scripts", "findings_by_relation",
    "format_failure", "lint_database", "lint_dir", "load_allowlist", "load_lints", "parse_level", "parse_object",
    "run_lints", "run_squawk", "sort_findings", "squawk_bin", "squawk_config_path", "to_sarif",
]
