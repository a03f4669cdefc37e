"""`tenantdb lint`: security and performance lints for the RLS schema, and migration linting.

Two sources of findings, one shape (:class:`Finding`: name, level, object, detail, remediation):

* **catalog lints** — one SQL query per lint in ``sql/lint/<name>.sql``, run against a live
  database. Each file starts with ``-- <name> (<LEVEL>)`` and comment lines saying what it finds
  and why it matters; the query returns the columns ``name, level, object, detail,
  remediation``. A DBA can run any of them with psql as they are.
* **migration lints** — `squawk` on ``deploy/**/*.sql`` with the committed ``.squawk.toml``.

A reviewed allowlist (``sql/lint/allowlist.toml``) suppresses justified findings: every entry
names the lint and the object and gives a reason; an entry without a reason is an error.

Python API (the DBA report uses it)::

    with Database(backend, name).connect() as conn:
        for finding in run_lints(conn):
            print(finding.relation, finding.level, finding.name, finding.detail)
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

from . import tools
from .database import Database
from .errors import BadInput, TenantDBError, ToolMissing
from .settings import project_root

#: Levels from least to most severe; "at or above a level" follows this order.
LEVELS = ("INFO", "WARN", "ERROR")
#: Columns every lint query returns, in this order.
COLUMNS = ("name", "level", "object", "detail", "remediation")
#: Prefix of the names of findings that come from squawk (``squawk:<rule>``).
SQUAWK_PREFIX = "squawk:"

_HEADER = re.compile(r"^--\s*(?P<name>[a-z][a-z0-9_]*)\s*\((?P<level>INFO|WARN|ERROR)\)\s*$")


@dataclass(frozen=True)
class Finding:
    """One thing a lint found. ``object`` names it the way the lints spell objects:

    ``app.users`` (table or view), ``app.users.email`` (column),
    ``app.users (policy users_select_app)`` / ``(constraint ...)`` / ``(index ...)`` (things of a
    table), ``app_private.current_person_role()`` (function), ``role tenantdb_app`` (role),
    ``deploy/identity/users.sql:12:5`` (a migration script line, from squawk).
    """

    name: str
    level: str
    object: str
    detail: str
    remediation: str

    @property
    def relation(self) -> str | None:
        """``schema.table`` this finding belongs to, or None (functions, roles, migration files)."""
        obj = self.object
        if obj.startswith("role ") or re.match(r"^[^ ]+\.sql:\d", obj):
            return None
        head = obj.split(" (", 1)[0]
        if "(" in head:  # a function signature
            return None
        parts = _split_identifier(head)
        if len(parts) < 2:
            return None
        return ".".join(parts[:2])

    def as_dict(self) -> dict[str, str | None]:
        return {**asdict(self), "relation": self.relation}


def _split_identifier(text: str) -> list[str]:
    """Split ``a."b.c".d`` at the dots outside double quotes, keeping quotes."""
    parts, current, quoted = [], "", False
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


@dataclass(frozen=True)
class Lint:
    """A catalog lint: its SQL file, its name and level, and what it checks (the header comment)."""

    name: str
    level: str
    description: str
    sql: str
    path: Path


def lint_dir() -> Path:
    return project_root() / "sql" / "lint"


def default_allowlist_path() -> Path:
    return lint_dir() / "allowlist.toml"


def squawk_config_path() -> Path:
    return project_root() / ".squawk.toml"


def load_lints(names: Iterable[str] | None = None, directory: Path | None = None) -> list[Lint]:
    """Every lint of ``sql/lint`` (or just ``names``), in name order."""
    directory = directory or lint_dir()
    lints: list[Lint] = []
    for path in sorted(directory.glob("*.sql")):
        text = path.read_text()
        lines = text.splitlines()
        match = _HEADER.match(lines[0]) if lines else None
        if not match or match["name"] != path.stem:
            raise TenantDBError(
                f"{path} does not start with its header '-- {path.stem} (ERROR|WARN|INFO)'",
                hint="the first line of a lint names it (as the file does) and gives its level",
            )
        description = []
        for line in lines[1:]:
            if not line.startswith("--"):
                break
            description.append(line[2:].strip())
        lints.append(Lint(match["name"], match["level"], " ".join(d for d in description if d),
                          text.strip().rstrip(";"), path))
    if names is not None:
        wanted = list(names)
        known = {lint.name for lint in lints}
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise BadInput(f"unknown lint(s): {', '.join(unknown)}",
                           hint=f"known lints: {', '.join(sorted(known))}")
        lints = [lint for lint in lints if lint.name in wanted]
    return lints


def run_lints(conn: psycopg.Connection, names: Iterable[str] | None = None) -> list[Finding]:
    """Run the catalog lints on ``conn``'s database; findings sorted by severity, then lint and object.

    Any role can read the catalog; a superuser (or the database owner) sees everything. The
    connection's search_path is pinned to pg_catalog while the lints run, so objects are always
    spelled schema-qualified (allowlist entries match whatever the caller's search_path), and
    restored afterwards.
    """
    findings: list[Finding] = []
    with conn.transaction():
        previous = conn.execute("SELECT pg_catalog.current_setting('search_path')").fetchone()[0]
        conn.execute("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)")
        try:
            for lint in load_lints(names):
                findings.extend(_run_one(conn, lint))
        finally:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.INERROR:
                conn.execute("SELECT pg_catalog.set_config('search_path', %s, true)", (previous,))
    return sort_findings(findings)


def lint_database(db: Database, names: Iterable[str] | None = None) -> list[Finding]:
    """run_lints() on `db`, connected as the superuser; an unreachable database is a clear error."""
    try:
        with db.connect(autocommit=True, connect_timeout=5) as conn:
            return run_lints(conn, names)
    except psycopg.OperationalError as exc:
        raise TenantDBError(f"cannot connect to the database to lint it: {exc}".strip(),
                            hint="deploy it first (tenantdb deploy), or name another one with --db") from exc


def _run_one(conn: psycopg.Connection, lint: Lint) -> list[Finding]:
    try:
        cur = conn.execute(lint.sql)
        columns = tuple(d.name for d in cur.description or ())
        rows = cur.fetchall()
    except psycopg.Error as exc:
        raise TenantDBError(f"lint {lint.name} ({lint.path}) failed: {exc}".strip(),
                            hint="run the file with psql to see the error in context") from exc
    if columns != COLUMNS:
        raise TenantDBError(f"lint {lint.name} returns columns {columns}, not {COLUMNS}")
    out = []
    for row in rows:
        finding = Finding(*row)
        if finding.name != lint.name or finding.level != lint.level:
            raise TenantDBError(f"lint {lint.name} ({lint.level}) returned a row named "
                                f"{finding.name!r} at level {finding.level!r}")
        out.append(finding)
    return out


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


# ---------------------------------------------------------------------------- allowlist
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

    def as_dict(self, level: str) -> dict:
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


# ---------------------------------------------------------------------------- migrations (squawk)
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
        location = f"{shown}:{int(v['line']) + 1}:{int(v['column']) + 1}"
        level = "ERROR" if str(v.get("level", "")).lower() == "error" else "WARN"
        rule = v.get("rule_name", "unknown")
        findings.append(Finding(
            name=SQUAWK_PREFIX + rule, level=level, object=location,
            detail=f"{rule}: {v.get('message', '').strip()}",
            remediation=(v.get("help") or "").strip()
            + f" (or, when it is deliberate, put '-- squawk-ignore {rule}' with the reason on the line above)",
        ))
    return sort_findings(findings)


# ---------------------------------------------------------------------------- SARIF
_SARIF_LEVEL = {"ERROR": "error", "WARN": "warning", "INFO": "note"}


def to_sarif(report: LintReport, lints: Sequence[Lint] | None = None) -> dict:
    """SARIF 2.1.0 for code-scanning tools. Allowed findings carry an external suppression with
    the allowlist's reason; migration findings carry their file and line."""
    lints = lints if lints is not None else load_lints()
    rules: dict[str, dict] = {}
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
        result: dict = {
            "ruleId": finding.name,
            "level": _SARIF_LEVEL[finding.level],
            "message": {"text": f"{finding.detail}\nFix: {finding.remediation}"},
        }
        file_match = re.match(r"^(?P<file>[^ ]+\.sql):(?P<line>\d+):(?P<col>\d+)$", finding.object)
        if file_match:
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": file_match["file"]},
                "region": {"startLine": int(file_match["line"]), "startColumn": int(file_match["col"])},
            }}]
        else:
            result["locations"] = [{"logicalLocations": [{"fullyQualifiedName": finding.object}]}]
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


def format_failure(findings: Sequence[Finding]) -> str:
    """A message for CI that says, per finding, what is wrong and how to fix it."""
    lines = [f"{len(findings)} lint finding(s) at WARN or above (fix them, or allowlist them with a reason "
             f"in sql/lint/allowlist.toml):"]
    for f in findings:
        lines += [f"- {f.level} {f.name}: {f.object}", f"    {f.detail}", f"    fix: {f.remediation}"]
    return "\n".join(lines)
