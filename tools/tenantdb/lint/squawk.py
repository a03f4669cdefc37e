"""Migration lints: squawk on deploy/**/*.sql with the committed .squawk.toml."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .. import tools
from ..errors import TenantDBError, ToolMissing
from ..settings import project_root
from .findings import SQUAWK_PREFIX, Finding, ObjectRef, sort_findings


def squawk_config_path() -> Path:
    return project_root() / ".squawk.toml"


def squawk_bin() -> str:
    """The squawk executable: next to this Python (the venv), else on PATH."""
    try:
        return tools.executable("squawk", tools.SQUAWK_HINT)
    except ToolMissing:
        raise ToolMissing("squawk (the migration linter) is not installed", hint=tools.SQUAWK_HINT) from None


def deploy_scripts() -> list[Path]:
    return sorted((project_root() / "deploy").rglob("*.sql"))


def run_squawk(paths: Sequence[Path] | None = None, config: Path | None = None) -> list[Finding]:
    """Lint migration scripts (default: every deploy script) with squawk and the committed config."""
    root = project_root()
    files = list(paths) if paths is not None else deploy_scripts()
    if not files:
        return []
    config = config or squawk_config_path()
    args = [squawk_bin(), "--reporter", "json", "--config", str(config), *map(str, files)]
    proc = tools.squawk(args[1:], cwd=root)
    try:
        violations = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        raise TenantDBError(f"squawk failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}",
                            hint=f"run: {' '.join(args[:1] + args[3:])}") from None
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not violations):
        raise TenantDBError(f"squawk failed (exit {proc.returncode}): {proc.stderr.strip()}")
    findings = []
    for v in violations:
        file = Path(v["file"])
        try:
            shown = file.resolve().relative_to(root)
        except ValueError:
            shown = file
        # squawk counts lines and columns from 0; editors and SARIF count lines from 1.
        line, column = int(v["line"]) + 1, int(v["column"]) + 1
        location = f"{shown}:{line}:{column}"
        level = "ERROR" if str(v.get("level", "")).lower() == "error" else "WARN"
        rule = v.get("rule_name", "unknown")
        findings.append(Finding(
            name=SQUAWK_PREFIX + rule, level=level, object=location,
            detail=f"{rule}: {v.get('message', '').strip()}",
            remediation=(v.get("help") or "").strip()
            + f" (or, when it is deliberate, put '-- squawk-ignore {rule}' with the reason on the line above)",
            ref=ObjectRef("file", path=str(shown), line=line, column=column),
        ))
    return sort_findings(findings)
