"""The reviewed allowlist (sql/lint/allowlist.toml) and the report it leaves."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadInput
from .catalog_lints import lint_dir, load_lints
from .findings import LEVELS, SQUAWK_PREFIX, Finding, at_or_above, parse_level


def default_allowlist_path() -> Path:
    return lint_dir() / "allowlist.toml"


@dataclass(frozen=True)
class AllowEntry:
    """A reviewed exception: findings of ``lint`` on ``object`` are accepted for ``reason``."""

    lint: str
    object: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return finding.name == self.lint and finding.object == self.object


def load_allowlist(path: Path | None = None, known_lints: Iterable[str] | None = None) -> list[AllowEntry]:
    """Read the allowlist (TOML: ``[[allow]]`` tables with lint, object, reason).

    A missing file means no exceptions. An entry without a reason, with an unknown lint or key,
    or listed twice, is an error naming the entry: exceptions must be reviewed and explained.
    """
    path = path or default_allowlist_path()
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path} is not valid TOML: {exc}") from exc
    unknown_top = set(data) - {"allow"}
    if unknown_top:
        raise BadInput(f"{path}: unknown top-level key(s) {sorted(unknown_top)}",
                       hint="entries are [[allow]] tables with lint, object and reason")
    known = set(known_lints) if known_lints is not None else {lint.name for lint in load_lints()}
    entries: list[AllowEntry] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(data.get("allow", []), start=1):
        where = f"{path}: [[allow]] entry {number}"
        if not isinstance(raw, dict):
            raise BadInput(f"{where} is not a table", hint="write [[allow]] then lint = ..., object = ..., reason = ...")
        extra = set(raw) - {"lint", "object", "reason"}
        if extra:
            raise BadInput(f"{where} has unknown key(s) {sorted(extra)}", hint="only lint, object and reason are allowed")
        lint, obj, reason = (raw.get(k) for k in ("lint", "object", "reason"))
        label = f"{where} ({lint or '?'} on {obj or '?'})"
        for key, value in (("lint", lint), ("object", obj)):
            if not isinstance(value, str) or not value.strip():
                raise BadInput(f"{label} has no {key}", hint=f"set {key} = \"...\" (copy it from `tenantdb lint --json`)")
        assert isinstance(lint, str) and isinstance(obj, str)  # checked just above
        if not isinstance(reason, str) or not reason.strip():
            raise BadInput(f"{label} has no reason",
                           hint="every exception needs reason = \"why this finding is acceptable here\"; "
                                "without one, fix the finding instead")
        if not (lint in known or lint.startswith(SQUAWK_PREFIX)):
            raise BadInput(f"{label} names an unknown lint {lint!r}", hint=f"known lints: {', '.join(sorted(known))}")
        if (lint, obj) in seen:
            raise BadInput(f"{label} is listed twice", hint="keep one entry per lint and object")
        seen.add((lint, obj))
        entries.append(AllowEntry(lint, obj, reason.strip()))
    return entries


@dataclass
class LintReport:
    """Findings after the allowlist: what is still active, what was allowed (and why), stale entries."""

    active: list[Finding] = field(default_factory=list)
    allowed: list[tuple[Finding, AllowEntry]] = field(default_factory=list)
    unused_entries: list[AllowEntry] = field(default_factory=list)

    def failing(self, level: str) -> list[Finding]:
        return at_or_above(self.active, level)

    def counts(self) -> dict[str, int]:
        return {level: sum(1 for f in self.active if f.level == level) for level in reversed(LEVELS)}

    def as_dict(self, level: str) -> dict[str, Any]:
        return {
            "level": parse_level(level),
            "counts": self.counts(),
            "failing": len(self.failing(level)),
            "findings": [f.as_dict() for f in self.active],
            "allowed": [{**f.as_dict(), "reason": e.reason} for f, e in self.allowed],
            "unused_allowlist_entries": [asdict(e) for e in self.unused_entries],
        }


def apply_allowlist(findings: Sequence[Finding], entries: Sequence[AllowEntry]) -> LintReport:
    report = LintReport()
    used: set[AllowEntry] = set()
    for finding in findings:
        entry = next((e for e in entries if e.matches(finding)), None)
        if entry is None:
            report.active.append(finding)
        else:
            report.allowed.append((finding, entry))
            used.add(entry)
    report.unused_entries = [e for e in entries if e not in used]
    return report
