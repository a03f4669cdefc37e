"""Catalog lints: one SQL query per lint in sql/lint/<name>.sql, run against a live database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from ..database import Database, scalar
from ..errors import BadInput, TenantDBError
from ..settings import project_root
from .findings import COLUMNS, STRUCTURED_COLUMNS, Finding, ObjectRef, parse_object, sort_findings

_HEADER = re.compile(r"^--\s*(?P<name>[a-z][a-z0-9_]*)\s*\((?P<level>INFO|WARN|ERROR)\)\s*$")


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
        previous = scalar(conn, "SELECT pg_catalog.current_setting('search_path')")
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


def _run_one(conn: psycopg.Connection[Any], lint: Lint) -> list[Finding]:
    try:
        cur = conn.execute(lint.sql)
        columns = tuple(d.name for d in cur.description or ())
        rows = cur.fetchall()
    except psycopg.Error as exc:
        raise TenantDBError(f"lint {lint.name} ({lint.path}) failed: {exc}".strip(),
                            hint="run the file with psql to see the error in context") from exc
    structured = columns == (*COLUMNS, *STRUCTURED_COLUMNS)
    if columns != COLUMNS and not structured:
        raise TenantDBError(f"lint {lint.name} returns columns {columns}, not {COLUMNS} "
                            f"(optionally followed by {STRUCTURED_COLUMNS})")
    out = []
    for row in rows:
        if structured:
            kind, schema, name = row[5:]
            ref = parse_object(row[2])
            ref = ObjectRef(kind, schema, name, ref.relation, ref.path, ref.line, ref.column)
            finding = Finding(row[0], row[1], row[2], row[3], row[4], ref=ref)
        else:
            finding = Finding(*row)
        if finding.name != lint.name or finding.level != lint.level:
            raise TenantDBError(f"lint {lint.name} ({lint.level}) returned a row named "
                                f"{finding.name!r} at level {finding.level!r}")
        out.append(finding)
    return out
