"""The access matrix (``sql/access_matrix.toml``): what each person role and the service role may
do with each table, row by row and column by column, next to what the database allows.

The one owner of its vocabulary (person roles, actors and the database role each acts as,
operations, scopes, member roles) for the report, the catalog proof (tenantdb.prove) and
tests/test_access_matrix.py. One vocabulary for the report (``docs/access-matrix.md``) and anything else that reads the
matrix: every key the file uses is understood here, and anything that is not becomes a finding
of its table (``tenantdb report --check`` fails on findings). Coverage counts the pgTAP files
and pytest modules that test each table: a file that names ``app.<table>``, or a pytest module
that declares ``ACCESS_MATRIX_COVERS = "tables"`` (it tests every table of the matrix).
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
SCOPES = ("all", "own", "enrolled", "member", "shared", "consented")
MEMBER_ROLES = ("viewer", "editor", "owner")
#: Column rules are about the two writing commands.
COLUMN_OPERATIONS = ("insert", "update")
#: Keys of a [table] that are not roles, and what they hold.
METADATA_KEYS = {"note": str, "own": str, "own_sql": str, "enrolled_sql": str, "consented_sql": str, "member": str,
                 "member_roles": dict, "columns": dict}
COVERS_MARKER = re.compile(r'^ACCESS_MATRIX_COVERS\s*=\s*"tables"', re.M)
#: A pytest module tests access when it connects as a client role.
CLIENT_CONNECT = re.compile(r'role\s*=\s*("tenantdb_(app|service)"|APP_ROLE|SERVICE_ROLE)\b')


def database_role(actor: str) -> str:
    """The database role `actor` (a person role or 'service') connects as."""
    return DATABASE_ROLE[actor]


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
    member_roles: dict[str, str] = field(default_factory=dict)  # operation -> least member role
    column_note: str = ""
    #: person role -> insert/update -> columns the matrix lets them name (None: no column rule)
    columns: dict[str, dict[str, list[str] | None]] = field(default_factory=dict)
    #: insert/update -> columns tenantdb_app may name (None: table-wide grant or no grant)
    column_grants: dict[str, list[str] | None] = field(default_factory=dict)

    @property
    def pgtap(self) -> list[str]:
        return [f for f in self.tested_in if f.endswith(".sql")]

    @property
    def pytest(self) -> list[str]:
        return [f for f in self.tested_in if f.endswith(".py")]

    @property
    def findings_count(self) -> int:
        return len(self.findings)

    @property
    def columns_ruled(self) -> bool:
        """Whether any person role's writes are limited to listed columns."""
        return any(cols is not None for ops in self.columns.values() for cols in ops.values())

    def column_text(self, role: str, op: str) -> str:
        if op not in self.columns.get(role, {}):
            return "—"
        cols = self.columns[role][op]
        return "every column" if cols is None else (", ".join(cols) or "none")

    def grant_text(self, op: str) -> str:
        verdict = self.database.get(APP_ROLE, {}).get(op)
        if verdict is None or not verdict.grant:
            return "no grant"
        cols = self.column_grants.get(op)
        return "every column" if cols is None else ", ".join(cols)

    def scope_text(self, role: str, op: str) -> str:
        scope = self.cells[role][op]
        if scope == "member" and op in self.member_roles:
            return f"member ({self.member_roles[op]}+)"
        return scope or "—"


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


def column_rule(entry: dict[str, Any], role: str, op: str) -> list[str] | None:
    """Columns `role` may name in `op` by the [t.columns] block; None: no column rule (every
    column), [] when the block gives that role nothing."""
    rules = entry.get("columns")
    if not isinstance(rules, dict) or role == "service":
        return None
    override = rules.get(role)
    if isinstance(override, dict) and op in override:
        return list(override[op])
    return list(rules.get(op, []))


def _member_role_problems(name: str, entry: dict[str, Any]) -> list[str]:
    problems = []
    member_roles = entry.get("member_roles", {})
    for op, least in member_roles.items():
        if op not in OPERATIONS:
            problems.append(f"sql/access_matrix.toml [{name}].member_roles names unknown operation {op!r}")
        elif least not in MEMBER_ROLES:
            problems.append(f"sql/access_matrix.toml [{name}].member_roles.{op} is {least!r} (member roles are "
                            f"{', '.join(MEMBER_ROLES)})")
    for role in MATRIX_ROLES:
        for op, scope in (entry.get(role) or {}).items():
            if scope == "member" and op not in member_roles:
                problems.append(f"sql/access_matrix.toml [{name}].{role}.{op} is 'member' but member_roles "
                                f"names no member role for {op}")
    if member_roles and "member" not in entry:
        problems.append(f"sql/access_matrix.toml [{name}] has member_roles but no `member` column")
    return problems


def _column_problems(name: str, entry: dict[str, Any]) -> list[str]:
    problems = []
    for key, value in entry.get("columns", {}).items():
        if key in ("note", "person_insert_values"):
            continue
        if key in COLUMN_OPERATIONS:
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                problems.append(f"sql/access_matrix.toml [{name}.columns].{key} must be a list of column names")
        elif key in PERSON_ROLES and isinstance(value, dict):
            for op in value:
                if op not in COLUMN_OPERATIONS:
                    problems.append(f"sql/access_matrix.toml [{name}.columns].{key} names {op!r} (column rules "
                                    f"are for {', '.join(COLUMN_OPERATIONS)})")
        else:
            problems.append(f"sql/access_matrix.toml [{name}.columns] has unknown key {key!r} (keys are note, "
                            f"insert, update, person_insert_values, or a person role)")
    return problems


def matrix_problems(name: str, entry: dict[str, Any]) -> list[str]:
    """What in one [table] of the access matrix is not understood: unknown keys, roles,
    operations, scopes, member roles and column rules."""
    problems = []
    for key, value in entry.items():
        if key in METADATA_KEYS:
            if not isinstance(value, METADATA_KEYS[key]):
                problems.append(f"sql/access_matrix.toml [{name}].{key} must be a {METADATA_KEYS[key].__name__}")
            continue
        if key not in MATRIX_ROLES or not isinstance(value, dict):
            problems.append(f"sql/access_matrix.toml [{name}] names unknown role {key!r} (roles are "
                            f"{', '.join(MATRIX_ROLES)}): it is ignored")
            continue
        for op, scope in value.items():
            if op not in OPERATIONS:
                problems.append(f"sql/access_matrix.toml [{name}].{key} names unknown operation {op!r} "
                                f"(operations are {', '.join(OPERATIONS)}): it is ignored")
            elif scope not in SCOPES:
                problems.append(f"sql/access_matrix.toml [{name}].{key}.{op} has unknown scope {scope!r} "
                                f"(scopes are {', '.join(SCOPES)})")
    if isinstance(entry.get("member_roles", {}), dict):
        problems += _member_role_problems(name, entry)
    if isinstance(entry.get("columns", {}), dict):
        problems += _column_problems(name, entry)
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


def granted_columns(table: Table, role: str, op: str) -> list[str] | None:
    """Columns of a column-level grant of `op` to `role`; None when the grant is table-wide or absent."""
    command = op.upper()
    for privilege in table.grants.get(role, []):
        if privilege == command:
            return None
        if privilege.startswith(command + " ("):
            return sorted(c.strip() for c in privilege[len(command) + 2:-1].split(","))
    return None


def tests_mentioning(root: Path) -> dict[str, list[str]]:
    """app.<table> -> test files that test access to it (relative paths): pgTAP files that name
    it, pytest modules that name it and connect as a client role; a pytest module declaring
    ACCESS_MATRIX_COVERS = "tables" is listed under the key "*" (every table of the matrix)."""
    found: dict[str, set[str]] = {}
    tests = root / "tests"
    for path in sorted([*tests.rglob("*.sql"), *tests.rglob("test_*.py")]):
        if "fixtures" in path.relative_to(tests).parts:
            continue
        text = path.read_text()
        names = set(re.findall(r"\b(app\.\w+)\b", text))
        if path.suffix == ".py" and not CLIENT_CONNECT.search(text):
            names = set()
        if path.suffix == ".py" and COVERS_MARKER.search(text):
            names.add("*")
        for match in names:
            found.setdefault(match, set()).add(str(path.relative_to(root)))
    return {k: sorted(v) for k, v in found.items()}


def _column_findings(mt: MatrixTable, entry: dict[str, Any], table: Table) -> list[str]:
    """The matrix's column lists against the table's columns and tenantdb_app's column grants."""
    findings = []
    names = {c.name for c in table.columns}
    for op in COLUMN_OPERATIONS:
        writers = [r for r in PERSON_ROLES if mt.cells[r][op]]
        lists = {r: column_rule(entry, r, op) for r in writers}
        mt.column_grants[op] = granted_columns(table, APP_ROLE, op)
        for role, cols in lists.items():
            mt.columns.setdefault(role, {})[op] = cols
            for col in sorted(set(cols or []) - names):
                findings.append(f"[{mt.name}.columns] lets {role} {op} column {col!r}, which app.{mt.name} lacks")
        if "columns" not in entry or not writers:
            continue
        union = sorted({c for cols in lists.values() for c in cols or []})
        granted = mt.column_grants[op]
        if granted is None and mt.database.get(APP_ROLE, {}).get(op, DatabaseVerdict(False, False)).grant:
            findings.append(f"{APP_ROLE} holds a table-wide {op.upper()} grant, but the matrix lists the columns "
                            f"people may {op}: grant {op.upper()} ({', '.join(union)}) instead")
        elif granted is not None and granted != union:
            findings.append(f"{APP_ROLE} may {op} columns {', '.join(granted)}; the matrix lists "
                            f"{', '.join(union)} for the person roles")
    return findings


def _matrix_table(name: str, entry: dict[str, Any], table: Table | None, view: View | None,
                  covered: list[str]) -> MatrixTable:
    """The MatrixTable of one entry (empty when the matrix has none), before any comparison."""
    cells: dict[str, dict[str, str | None]] = {}
    for role in MATRIX_ROLES:
        value = entry.get(role, {})
        cells[role] = {op: (value.get(op) if isinstance(value, dict) else None) for op in OPERATIONS}
    note, own = entry.get("note", ""), entry.get("own")
    member_roles = entry.get("member_roles", {})
    column_note = (entry.get("columns") or {}).get("note", "")
    return MatrixTable(name, f"app.{name}", note if isinstance(note, str) else "", own if isinstance(own, str) else None,
                       cells, deployed=table is not None or view is not None,
                       domain=table.domain if table else (view.domain if view else ""),
                       tested_in=sorted(set(covered)),
                       member_roles=member_roles if isinstance(member_roles, dict) else {},
                       column_note=column_note if isinstance(column_note, str) else "")


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
        covered = tested.get(qualified, []) + (tested.get("*", []) if entry and table else [])
        mt = _matrix_table(name, entry or {}, table, view, covered)
        cells = mt.cells
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
        for db_role, matrix_roles in ((APP_ROLE, PERSON_ROLES), (SERVICE_ROLE, ("service",))):
            mt.database[db_role] = {}
            for op in OPERATIONS:
                verdict = (_database_verdict(table, db_role, op) if table is not None
                           else _view_verdict(view, db_role, op) if view is not None else DatabaseVerdict(False, False))
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
        if table is not None and entry is not None:
            mt.findings.extend(_column_findings(mt, entry, table))
        if not mt.tested_in:
            mt.findings.append("no test under tests/ (pgTAP file or pytest module) covers this table")
    return out


def warnings(matrix: list[MatrixTable]) -> list[str]:
    """Every finding of the matrix, as `app.table: finding` lines."""
    return [f"{m.qualified}: {f}" for m in matrix for f in m.findings]
