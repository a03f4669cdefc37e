"""What a lint found: :class:`Finding`, with the object it names as structured fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import BadInput

#: Levels from least to most severe; "at or above a level" follows this order.
LEVELS = ("INFO", "WARN", "ERROR")


#: Columns every lint query returns, in this order.
COLUMNS = ("name", "level", "object", "detail", "remediation")


#: Optional columns after COLUMNS: the object as fields (kind, schema, name), so nothing is parsed.
STRUCTURED_COLUMNS = ("object_kind", "object_schema", "object_name")

#: Prefix of the names of findings that come from squawk (``squawk:<rule>``).
SQUAWK_PREFIX = "squawk:"


#: Object kinds a finding can name (ObjectRef.kind).
KINDS = ("relation", "column", "policy", "constraint", "index", "trigger", "function", "role", "schema", "file", "other")


@dataclass(frozen=True)
class ObjectRef:
    """The object a finding names, as fields: what kind of thing, in which schema, which one.

    ``relation`` is the ``schema.table`` a sub-object (column, policy, constraint, index,
    trigger) belongs to, and the relation itself for a table or view; None for functions,
    roles, schemas and files. Files (squawk) carry ``path``, ``line`` and ``column`` (from 1).
    """

    kind: str
    schema: str | None = None
    name: str | None = None
    relation: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        return {k: v for k, v in asdict(self).items() if v is not None}


_FILE = re.compile(r"^(?P<path>[^ ]+\.sql):(?P<line>\d+):(?P<col>\d+)$")
_MEMBER = re.compile(r"^(?P<head>.+?) \((?P<kind>policy|policies|constraint|index|indexes|trigger) (?P<name>.+)\)$")
_SINGULAR = {"policies": "policy", "indexes": "index"}


def parse_object(text: str) -> ObjectRef:
    """The structured form of an object as the lints spell it (the one place that reads the text):

    ``app.users`` (relation), ``app.users.email`` (column), ``app.users (policy p)`` and
    likewise constraint, index, trigger; ``app_private.f(uuid)`` (function), ``role x``,
    ``schema x``, ``deploy/x.sql:12:5`` (file position).
    """
    file_match = _FILE.match(text)
    if file_match:
        return ObjectRef("file", path=file_match["path"], line=int(file_match["line"]), column=int(file_match["col"]))
    for word in ("role", "schema"):
        if text.startswith(word + " "):
            return ObjectRef(word, name=text[len(word) + 1:])
    member = _MEMBER.match(text)
    head = member["head"] if member else text
    if "(" in head:
        schema, _, rest = head.partition(".")
        return ObjectRef("function", schema=schema, name=rest) if rest else ObjectRef("other", name=text)
    parts = _split_identifier(head)
    if len(parts) < 2:
        return ObjectRef("other", name=text)
    relation = ".".join(parts[:2])
    if member:
        kind = _SINGULAR.get(member["kind"], member["kind"])
        return ObjectRef(kind, schema=parts[0], name=member["name"], relation=relation)
    if len(parts) == 3:
        return ObjectRef("column", schema=parts[0], name=parts[2], relation=relation)
    return ObjectRef("relation", schema=parts[0], name=parts[1], relation=relation)


@dataclass(frozen=True)
class Finding:
    """One thing a lint found: the lint's ``name`` and ``level``, the ``object`` as the lint
    spells it (what the allowlist matches), ``detail``, ``remediation``, and ``ref``, the same
    object as structured fields (kind, schema, name, relation, file position).

    A lint query may return the structured fields itself (extra columns ``object_kind``,
    ``object_schema``, ``object_name``); otherwise they are read from ``object`` once, here.
    """

    name: str
    level: str
    object: str
    detail: str
    remediation: str
    ref: ObjectRef = field(default=ObjectRef("other"), compare=False)

    def __post_init__(self) -> None:
        if self.ref.kind == "other" and self.ref.name is None:
            object.__setattr__(self, "ref", parse_object(self.object))

    @property
    def relation(self) -> str | None:
        """``schema.table`` this finding belongs to, or None (functions, roles, migration files)."""
        return self.ref.relation

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in asdict(self).items() if k != "ref"}
        return {**data, "relation": self.relation, "kind": self.ref.kind, "schema": self.ref.schema,
                "object_name": self.ref.name, "location": self.ref.as_dict()}


def _split_identifier(text: str) -> list[str]:
    """Split ``a."b.c".d`` at the dots outside double quotes, keeping quotes."""
    parts: list[str] = []
    current, quoted = "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "." and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def findings_by_relation(findings: Iterable[Finding]) -> dict[str | None, list[Finding]]:
    """Findings grouped by the table they belong to (None: functions, roles, migration files)."""
    grouped: dict[str | None, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.relation, []).append(finding)
    return grouped


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-LEVELS.index(f.level), f.name, f.object))


def at_or_above(findings: Iterable[Finding], level: str) -> list[Finding]:
    threshold = LEVELS.index(parse_level(level))
    return [f for f in findings if LEVELS.index(f.level) >= threshold]


def parse_level(level: str) -> str:
    value = level.strip().upper()
    value = {"WARNING": "WARN", "ERR": "ERROR"}.get(value, value)
    if value not in LEVELS:
        raise BadInput(f"unknown level {level!r}", hint="use error, warn or info")
    return value


def format_failure(findings: Sequence[Finding]) -> str:
    """A message for CI that says, per finding, what is wrong and how to fix it."""
    lines = [f"{len(findings)} lint finding(s) at WARN or above (fix them, or allowlist them with a reason "
             f"in sql/lint/allowlist.toml):"]
    for f in findings:
        lines += [f"- {f.level} {f.name}: {f.object}", f"    {f.detail}", f"    fix: {f.remediation}"]
    return "\n".join(lines)
