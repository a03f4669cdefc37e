"""The access matrix: who may do what, per table and person role (sql/access_matrix.toml).

The one owner of its vocabulary: the person roles, the actors (person roles plus the service
role) and the database role each acts as, the operations and the scopes. The report renders
the matrix next to what grants and policies allow (build_access_matrix), the catalog proof acts
as every actor (tenantdb.prove), and tests/test_access_matrix.py checks it cell by cell.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import COMMANDS, Catalog, Table, View
from .errors import BadInput
from .settings import APP_ROLE, SERVICE_ROLE, project_root

#: The person roles of app.users.role, least to most privileged.
PERSON_ROLES = ("student", "educator", "coach", "admin")
#: Who the matrix has a column for: every person role, and the service role.
MATRIX_ROLES = (*PERSON_ROLES, "service")
#: The same, as the actors that act in tests and proofs.
ACTORS = MATRIX_ROLES
#: The database role each actor connects as (people through the app role, with a user context).
DATABASE_ROLE = {**{role: APP_ROLE for role in PERSON_ROLES}, "service": SERVICE_ROLE}
#: Operations of a cell (lower-case SQL commands).
OPERATIONS = tuple(c.lower() for c in COMMANDS)
#: What a cell may say: which rows of the table the operation reaches.
SCOPES = ("all", "own", "enrolled", "member", "shared")


def database_role(actor: str) -> str:
    """The database role `actor` (a person role or 'service') connects as."""
    return DATABASE_ROLE[actor]


@dataclass
class MatrixCell:
    scope: str | None  # what the matrix says, None = nothing


@dataclass
class DatabaseVerdict:
    grant: bool
    policy: bool

    @property
    def allowed(self) -> bool:
        return self.grant and self.policy

    def text(self) -> str:
        if self.allowed:
            return "yes"
        missing = [w for w, ok in (("no grant", self.grant), ("no policy", self.policy)) if not ok]
        return "no (" + ", ".join(missing) + ")"


@dataclass
class MatrixTable:
    name: str  # bare table name as in the toml
    qualified: str
    note: str
    own: str | None
    cells: dict[str, dict[str, str | None]]  # matrix role -> operation -> scope
    deployed: bool
    domain: str = ""
    database: dict[str, dict[str, DatabaseVerdict]] = field(default_factory=dict)  # db role -> op -> verdict
    findings: list[str] = field(default_factory=list)
    tested_in: list[str] = field(default_factory=list)


def load_access_matrix(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """sql/access_matrix.toml as a dict. Only what makes it unreadable is an error here; unknown
    roles, operations and scopes become findings of their table (build_access_matrix)."""
    path = path or project_root() / "sql" / "access_matrix.toml"
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path} is not valid TOML: {exc}", hint="fix the file; its header describes the format") from exc
    for table, entry in data.items():
        if not isinstance(entry, dict):
            raise BadInput(f"{path}: {table} must be a table of roles, not {type(entry).__name__}",
                           hint=f'write it as [{table}] with lines like  student = {{ select = "own" }}')
    return data


def matrix_problems(name: str, entry: dict[str, Any]) -> list[str]:
    """What in one [table] of the access matrix is not understood (roles, operations, scopes)."""
    problems = []
    for role, value in entry.items():
        if not isinstance(value, dict):
            continue  # metadata: note, own, ...
        if role not in MATRIX_ROLES:
            problems.append(f"sql/access_matrix.toml [{name}] names unknown role {role!r} (roles are "
                            f"{', '.join(MATRIX_ROLES)}): it is ignored")
            continue
        for op, scope in value.items():
            if op not in OPERATIONS:
                problems.append(f"sql/access_matrix.toml [{name}].{role} names unknown operation {op!r} "
                                f"(operations are {', '.join(OPERATIONS)}): it is ignored")
            elif scope not in SCOPES:
                problems.append(f"sql/access_matrix.toml [{name}].{role}.{op} has unknown scope {scope!r} "
                                f"(scopes are {', '.join(SCOPES)})")
    return problems


def _database_verdict(table: Table, role: str, op: str) -> DatabaseVerdict:
    command = op.upper()
    policy = (not table.rls_enabled) or any(
        p.permissive and p.applies_to(role, command) for p in table.policies)
    return DatabaseVerdict(grant=table.has_grant(role, command), policy=policy)


def _view_verdict(view: View, role: str, op: str) -> DatabaseVerdict:
    """A view has no policies of its own: the grant decides whether the command runs; which rows
    it reaches is decided by the base tables' policies (security_invoker) — see policies.md."""
    privileges = view.grants.get(role, []) + view.grants.get("PUBLIC", [])
    command = op.upper()
    return DatabaseVerdict(grant=any(p == command or p.startswith(command + " (") for p in privileges), policy=True)


def tests_mentioning(root: Path) -> dict[str, list[str]]:
    """app.<table> -> pgTAP files (relative paths) that name it."""
    found: dict[str, set[str]] = {}
    tests = root / "tests"
    for path in sorted(tests.rglob("*.sql")):
        if "fixtures" in path.relative_to(tests).parts:
            continue
        for match in set(re.findall(r"\b(app\.\w+)\b", path.read_text())):
            found.setdefault(match, set()).add(str(path.relative_to(root)))
    return {k: sorted(v) for k, v in found.items()}


def _compare_with_database(mt: MatrixTable, table: Table | None, view: View | None) -> None:
    """What grants and policies allow each client role, and every disagreement with the cells."""
    cells = mt.cells
    for db_role, matrix_roles in ((APP_ROLE, PERSON_ROLES), (SERVICE_ROLE, ("service",))):
        mt.database[db_role] = {}
        for op in OPERATIONS:
            if table is not None:
                verdict = _database_verdict(table, db_role, op)
            else:
                assert view is not None  # deployed: a table or a view
                verdict = _view_verdict(view, db_role, op)
            mt.database[db_role][op] = verdict
            wanted = [r for r in matrix_roles if cells[r][op]]
            if wanted and not verdict.allowed:
                mt.findings.append(
                    f"the matrix lets {', '.join(wanted)} {op}, but {db_role} cannot: {verdict.text()[4:-1]}")
            elif not wanted and verdict.allowed:
                who = "no person role" if db_role == APP_ROLE else "the service role no"
                what = "grant and permissive policy" if table else "grant on the view"
                mt.findings.append(f"{db_role} can {op} ({what}), but the matrix gives {who} {op}: "
                                   f"revoke the grant or add the cell")


def build_access_matrix(catalog: Catalog, matrix: dict[str, dict[str, Any]], root: Path) -> list[MatrixTable]:
    """One MatrixTable per table of schema app or entry of the matrix, with what disagrees."""
    tested = tests_mentioning(root)
    views = {v.qualified: v for v in catalog.views}
    out: list[MatrixTable] = []
    names = sorted(set(matrix) | {t.name for t in catalog.tables if t.schema == "app" and not t.is_partition}
                   | {v.qualified.split(".", 1)[1] for v in catalog.views if v.qualified.startswith("app.")})
    for name in names:
        entry = matrix.get(name)
        qualified = f"app.{name}"
        table = catalog.table(qualified)
        view = views.get(qualified)
        cells: dict[str, dict[str, str | None]] = {}
        for role in MATRIX_ROLES:
            value = (entry or {}).get(role, {})
            cells[role] = {op: (value.get(op) if isinstance(value, dict) else None) for op in OPERATIONS}
        note = (entry or {}).get("note", "")
        own = (entry or {}).get("own")
        mt = MatrixTable(name, qualified, note if isinstance(note, str) else "", own if isinstance(own, str) else None,
                         cells, deployed=table is not None or view is not None,
                         domain=table.domain if table else (view.domain if view else ""),
                         tested_in=tested.get(qualified, []))
        out.append(mt)
        if entry is None:
            mt.findings.append(f"not in sql/access_matrix.toml: add [{name}] with what each role may do")
        else:
            mt.findings.extend(matrix_problems(name, entry))
        if not mt.deployed:
            mt.findings.append("in sql/access_matrix.toml but not deployed: remove the entry or add the table")
            continue
        if table is not None and (not table.rls_enabled or not table.rls_forced):
            mt.findings.append("row-level security is not enabled and forced")
        if view is not None and not view.security_invoker:
            mt.findings.append("the view runs with its owner's rights (no security_invoker): the caller's RLS "
                               "does not apply")
        _compare_with_database(mt, table, view)
        if not mt.tested_in:
            mt.findings.append("no pgTAP file under tests/ names this table")
    return out
