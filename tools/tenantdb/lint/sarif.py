"""SARIF 2.1.0 output for code-scanning tools."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..settings import project_root
from .allowlist import LintReport
from .catalog_lints import Lint, load_lints

_SARIF_LEVEL = {"ERROR": "error", "WARN": "warning", "INFO": "note"}


def to_sarif(report: LintReport, lints: Sequence[Lint] | None = None) -> dict[str, Any]:
    """SARIF 2.1.0 for code-scanning tools. Allowed findings carry an external suppression with
    the allowlist's reason; migration findings carry their file and line."""
    lints = lints if lints is not None else load_lints()
    rules: dict[str, dict[str, Any]] = {}
    for lint in lints:
        rules[lint.name] = {
            "id": lint.name,
            "shortDescription": {"text": lint.name.replace("_", " ")},
            "fullDescription": {"text": lint.description},
            "defaultConfiguration": {"level": _SARIF_LEVEL[lint.level]},
            "properties": {"source": str(lint.path.relative_to(project_root()))},
        }
    results = []
    pairs = [(f, None) for f in report.active] + list(report.allowed)
    for finding, entry in pairs:
        rules.setdefault(finding.name, {
            "id": finding.name,
            "shortDescription": {"text": finding.name},
            "defaultConfiguration": {"level": _SARIF_LEVEL[finding.level]},
        })
        result: dict[str, Any] = {
            "ruleId": finding.name,
            "level": _SARIF_LEVEL[finding.level],
            "message": {"text": f"{finding.detail}\nFix: {finding.remediation}"},
        }
        ref = finding.ref
        if ref.kind == "file":
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": ref.path},
                "region": {"startLine": ref.line, "startColumn": ref.column},
            }}]
        else:
            result["locations"] = [{"logicalLocations": [{"fullyQualifiedName": finding.object, "kind": ref.kind}]}]
        if entry is not None:
            result["suppressions"] = [{"kind": "external", "justification": entry.reason}]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tenantdb lint", "informationUri": "https://example.invalid/tenantdb",
                                "rules": list(rules.values())}},
            "results": results,
        }],
    }
