"""What the live catalog says about the product schemas: tables, columns, keys, policies, grants,
triggers, views and functions, read with the queries in ``sql/report/*.sql``.

Everything here is generic (no per-table code): a table added by any change shows up in the
review material as soon as it is deployed. Rows are sorted in Python (code-point order), never
by the server's collation, so the same schema gives the same bytes on every machine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from .database import scalar
from .errors import TenantDBError
from .settings import OWNER_ROLE, project_root
from .sqitch import plan_changes

COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE")
PRIVILEGE_ORDER = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN")


def query_path(name: str) -> Path:
    return project_root() / "sql" / "report" / f"{name}.sql"


def _fetch(conn: psycopg.Connection[Any], name: str, **params: Any) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query_path(name).read_text(), params)
        return cur.fetchall()


@dataclass
class Column:
    name: str
    type: str
    not_null: bool
    default_expr: str | None
    comment: str | None
    keys: list[str] = field(default_factory=list)  # "PK", "FK", "UK"


@dataclass
class Key:
    name: str
    kind: str  # p, u, f
    columns: list[str]
    ref_table: str | None
    ref_columns: list[str]
    definition: str


@dataclass
class Policy:
    name: str
    command: str
    permissive: bool
    roles: list[str]
    using_expr: str | None
    check_expr: str | None
    comment: str | None

    def applies_to(self, role: str, command: str) -> bool:
        return (self.command in ("ALL", command)) and (role in self.roles or "PUBLIC" in self.roles)


@dataclass
class Trigger:
    name: str
    function: str
    definition: str
    comment: str | None


@dataclass
class Table:
    qualified: str
    schema: str
    name: str
    partitioned: bool
    is_partition: bool
    partition_of: str | None
    rls_enabled: bool
    rls_forced: bool
    owner: str
    comment: str | None
    domain: str = "unassigned"
    columns: list[Column] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    #: role -> sorted privileges, e.g. {"tenantdb_app": ["SELECT", "UPDATE (display_name)"]}
    grants: dict[str, list[str]] = field(default_factory=dict)

    @property
    def primary_key(self) -> Key | None:
        return next((k for k in self.keys if k.kind == "p"), None)

    @property
    def foreign_keys(self) -> list[Key]:
        return [k for k in self.keys if k.kind == "f"]

    def has_grant(self, role: str, privilege: str) -> bool:
        """Table-wide or on some column (a column grant still allows the command)."""
        return any(p == privilege or p.startswith(privilege + " (") for p in self.grants.get(role, []) + self.grants.get("PUBLIC", []))


@dataclass
class View:
    qualified: str
    kind: str
    owner: str
    security_invoker: bool
    security_barrier: bool
    definition: str
    comment: str | None
    grants: dict[str, list[str]] = field(default_factory=dict)
    domain: str = "unassigned"


@dataclass
class Function:
    signature: str
    schema: str
    security_definer: bool
    owner: str
    volatility: str
    language: str
    settings: list[str]
    executors: list[str]
    comment: str | None

    @property
    def search_path(self) -> str | None:
        for s in self.settings:
            if s.startswith("search_path="):
                return s.split("=", 1)[1]
        return None


@dataclass
class Catalog:
    schemas: list[tuple[str, str | None]]
    tables: list[Table]
    views: list[View]
    functions: list[Function]

    def table(self, qualified: str) -> Table | None:
        return next((t for t in self.tables if t.qualified == qualified), None)


_CREATE_TABLE = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNLOGGED\s+|MATERIALIZED\s+|RECURSIVE\s+)?(?:TABLE|VIEW)\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)\"?\s*\.\s*\"?(\w+)\"?", re.IGNORECASE)
_LINE_COMMENT = re.compile(r"--[^\n]*")


def table_domains(root: Path | None = None) -> dict[str, tuple[str, str]]:
    """schema.name -> (domain, change) for every table and view a deploy script creates.

    The domain is the first path segment of the Sqitch change (``learning/learner_profiles`` ->
    ``learning``); the first change of the plan that creates the table wins.
    """
    root = root or project_root()
    found: dict[str, tuple[str, str]] = {}
    for change in plan_changes():
        path = root / "deploy" / f"{change}.sql"
        if not path.exists():
            continue
        text = _LINE_COMMENT.sub("", path.read_text())
        for schema, name in _CREATE_TABLE.findall(text):
            found.setdefault(f"{schema}.{name}", (change.split("/", 1)[0], change))
    return found


def _grants_by_object(rows: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    table_wide: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    per_column: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for r in rows:
        priv = r["privilege"] + (" WITH GRANT OPTION" if r["grantable"] else "")
        if r["column_name"] is None:
            table_wide[r["qualified"]][r["grantee"]].add(priv)
        else:
            per_column[r["qualified"]][r["grantee"]][priv].add(r["column_name"])
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    order = {p: i for i, p in enumerate(PRIVILEGE_ORDER)}

    def rank(priv: str) -> tuple[int, str]:
        return order.get(priv.split(" ")[0], len(order)), priv

    for obj in sorted(set(table_wide) | set(per_column)):
        roles = set(table_wide[obj]) | set(per_column[obj])
        for role in sorted(roles):
            privs = sorted(table_wide[obj][role], key=rank)
            for priv, cols in sorted(per_column[obj][role].items(), key=lambda kv: rank(kv[0])):
                privs.append(f"{priv.split(' ')[0]} ({', '.join(sorted(cols))})")
            out[obj][role] = privs
    return out


def _attach_keys(tables: dict[str, Table], rows: list[dict[str, Any]]) -> None:
    """Keys onto their tables, and PK/FK/UK marks onto the columns they cover."""
    for r in sorted(rows, key=lambda r: (r["qualified"], r["name"])):
        table = tables[r.pop("qualified")]
        key = Key(**r)
        table.keys.append(key)
        mark = {"p": "PK", "u": "UK", "f": "FK"}[key.kind]
        for col in table.columns:
            if col.name in key.columns and mark not in col.keys:
                col.keys.append(mark)
    for t in tables.values():
        for col in t.columns:
            col.keys.sort(key=["PK", "FK", "UK"].index)


def read_catalog(conn: psycopg.Connection) -> Catalog:
    """Read the product schemas of the database `conn` is connected to (any role that can read
    the catalog; the report connects as the superuser)."""
    if scalar(conn, "SELECT to_regrole(%s)", (OWNER_ROLE,)) is None:
        raise TenantDBError(f"the tenantdb schema is not deployed in database {conn.info.dbname!r} (no role {OWNER_ROLE})",
                            hint="deploy it first (tenantdb deploy --db NAME), or omit --db to report on a fresh "
                                 "clone of the test template")
    # Names come out schema-qualified whatever the caller's search_path.
    conn.execute("SET search_path = pg_catalog")
    schemas = sorted((r["name"], r["comment"]) for r in _fetch(conn, "product_schemas", owner=OWNER_ROLE))
    names = [s for s, _ in schemas]
    if not names:
        raise TenantDBError(f"the tenantdb schema is not deployed in database {conn.info.dbname!r} "
                            f"(no schema owned by {OWNER_ROLE})",
                            hint="deploy it first (tenantdb deploy --db NAME), or omit --db to report on a fresh "
                                 "clone of the test template")
    domains = table_domains()

    tables = {r["qualified"]: Table(**r) for r in _fetch(conn, "tables", schemas=names)}
    for t in tables.values():
        t.domain = domains.get(t.qualified, (None, None))[0] or (
            domains.get(t.partition_of or "", ("unassigned",))[0])
    for r in _fetch(conn, "columns", schemas=names):
        tables[r.pop("qualified")].columns.append(Column(**{k: v for k, v in r.items() if k != "position"}))
    _attach_keys(tables, _fetch(conn, "keys", schemas=names))
    for r in sorted(_fetch(conn, "policies", schemas=names), key=lambda r: (r["qualified"], r["name"])):
        tables[r.pop("qualified")].policies.append(Policy(**r))
    for r in sorted(_fetch(conn, "triggers", schemas=names), key=lambda r: (r["qualified"], r["name"])):
        tables[r.pop("qualified")].triggers.append(Trigger(**r))
    grants = _grants_by_object(_fetch(conn, "grants", schemas=names))
    for name, t in tables.items():
        t.grants = grants.get(name, {})
    views = sorted((View(**r) for r in _fetch(conn, "views", schemas=names)), key=lambda v: v.qualified)
    for v in views:
        v.grants = grants.get(v.qualified, {})
        v.domain = domains.get(v.qualified, ("unassigned",))[0]
    functions = sorted((Function(**r) for r in _fetch(conn, "functions", schemas=names)), key=lambda f: f.signature)
    return Catalog(schemas, sorted(tables.values(), key=lambda t: t.qualified), views, functions)
