"""DBA review material, generated from a deployed database: `tenantdb report`.

Five files, rendered with the jinja2 templates in ``sql/report/``:

- ``policies.md``       per table: RLS enabled/forced, every policy, grants per role, triggers,
                        lint findings; views with their security mode; functions (definer ones
                        with owner and search_path);
- ``access-matrix.md``  ``sql/access_matrix.toml`` (what each role may do) next to what grants
                        and policies allow, with every disagreement flagged;
- ``erd.md``            one Mermaid diagram per domain (first segment of the Sqitch change);
- ``erd.svg``           the whole schema drawn by Graphviz;
- ``schema.sql``        normalized ``pg_dump --schema-only`` (tenantdb.schema_dump).

Output is deterministic (sorted, no timestamps or versions), so ``tenantdb report --check``
can compare it byte for byte with the committed files and CI refuses drift.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import psycopg

from .backend import Backend
from .catalog import COMMANDS, Catalog, Table, View, read_catalog
from .compat import REFERENCE_MAJOR, comparable, server_major
from .errors import BadInput, TenantDBError, ToolMissing
from .schema_dump import schema_dump
from .settings import APP_ROLE, SERVICE_ROLE, project_root

REGENERATE = ".venv/bin/tenantdb report"
FILES = ("policies.md", "access-matrix.md", "erd.md", "erd.svg", "schema.sql")
PERSON_ROLES = ("student", "educator", "coach", "admin")
MATRIX_ROLES = (*PERSON_ROLES, "service")
OPERATIONS = tuple(c.lower() for c in COMMANDS)
SCOPES = ("all", "own", "enrolled", "member", "shared")
#: Extensions the test template adds that are not part of the product.
TEST_ONLY_EXTENSIONS = ("pgtap",)
WIDTH = 96


# ----------------------------------------------------------------------------- SQL layout
def _top_level_split(expr: str, word: str) -> list[str]:
    """Split `expr` at ` word ` outside parentheses, quotes and identifiers."""
    parts, depth, start, i, quote = [], 0, 0, 0, ""
    token = f" {word} "
    while i < len(expr):
        ch = expr[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and expr.startswith(token, i):
            parts.append(expr[start:i].strip())
            start = i + len(token)
            i = start
            continue
        i += 1
    parts.append(expr[start:].strip())
    return parts


def _wrapped_in_parens(expr: str) -> bool:
    if not (expr.startswith("(") and expr.endswith(")")):
        return False
    depth, quote = 0, ""
    for i, ch in enumerate(expr):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(expr) - 1:
                return False
    return True


def format_sql_expr(expr: str | None, indent: int = 0) -> str | None:
    """Lay out a policy expression for reading: short ones on one line, long ones split at
    top-level OR, then AND, one operand per line (nested groups indented)."""
    if expr is None:
        return None
    expr = " ".join(expr.split())
    if len(expr) + indent <= WIDTH:
        return expr
    if _wrapped_in_parens(expr):
        inner = expr[1:-1].strip()
        if len(_top_level_split(inner, "OR")) == 1 and len(_top_level_split(inner, "AND")) == 1:
            return expr  # one long operand: splitting it would not help the reader
        return "(\n" + _indent(format_sql_expr(inner, indent + 4), 4) + "\n)"
    for word in ("OR", "AND"):
        parts = _top_level_split(expr, word)
        if len(parts) > 1:
            lines = [format_sql_expr(parts[0], indent)]
            lines += [f"{word} " + format_sql_expr(p, indent + len(word) + 1).replace("\n", "\n" + " " * (len(word) + 1))
                      for p in parts[1:]]
            return "\n".join(lines)
    return expr


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + line if line else line for line in text.splitlines())


# ----------------------------------------------------------------------------- access matrix
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


def load_access_matrix(path: Path | None = None) -> dict[str, dict]:
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


def matrix_problems(name: str, entry: dict) -> list[str]:
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


def build_access_matrix(catalog: Catalog, matrix: dict[str, dict], root: Path) -> list[MatrixTable]:
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
        for db_role, matrix_roles in ((APP_ROLE, PERSON_ROLES), (SERVICE_ROLE, ("service",))):
            mt.database[db_role] = {}
            for op in OPERATIONS:
                verdict = _database_verdict(table, db_role, op) if table else _view_verdict(view, db_role, op)
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
        if not mt.tested_in:
            mt.findings.append("no pgTAP file under tests/ names this table")
    return out


# ----------------------------------------------------------------------------- ERD
_MERMAID_TYPES = {
    "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
    "time with time zone": "timetz", "time without time zone": "time", "character varying": "varchar",
    "double precision": "float8", "boolean": "bool", "integer": "int4", "bigint": "int8", "smallint": "int2",
}


def short_type(pg_type: str) -> str:
    """`timestamp with time zone` -> `timestamptz`, `public.citext` -> `citext`."""
    t = pg_type.removeprefix("public.").removeprefix("pg_catalog.")
    for long, short in _MERMAID_TYPES.items():
        t = t.replace(long, short)
    return t


def mermaid_type(pg_type: str) -> str:
    """A type name Mermaid accepts (letters, digits, _ - ( ) [ ])."""
    return re.sub(r"[^A-Za-z0-9_()\[\]-]", "_", short_type(pg_type))


def entity_name(qualified: str) -> str:
    schema, name = qualified.split(".", 1)
    return name if schema == "app" else f"{schema}__{name}"


def _is_tenant_fk(key) -> bool:
    return key.ref_table == "app.tenants" and key.columns == ["tenant_id"]


def _label_columns(key) -> str:
    cols = [c for c in key.columns if c != "tenant_id"] or key.columns
    return ", ".join(cols)


@dataclass
class Relationship:
    child: Table
    parent: str
    key: object
    parent_side: str  # "||" or "|o"
    child_side: str   # "o{" or "o|"

    @property
    def label(self) -> str:
        return _label_columns(self.key)


def relationships(catalog: Catalog, table: Table) -> list[Relationship]:
    out = []
    for fk in table.foreign_keys:
        if _is_tenant_fk(fk):
            continue  # every tenant table has it; drawn as the FK mark on tenant_id instead
        nullable = any(not c.not_null for c in table.columns if c.name in fk.columns)
        unique = any(k.kind in "pu" and sorted(k.columns) == sorted(fk.columns) for k in table.keys)
        out.append(Relationship(table, fk.ref_table, fk, "|o" if nullable else "||", "o|" if unique else "o{"))
    return out


def erd_tables(catalog: Catalog) -> list[Table]:
    return [t for t in catalog.tables if not t.is_partition]


def domains_of(catalog: Catalog) -> dict[str, list[Table]]:
    out: dict[str, list[Table]] = {}
    for t in erd_tables(catalog):
        out.setdefault(t.domain, []).append(t)
    return dict(sorted(out.items()))


def render_svg(dot_source: str) -> str:
    """Graphviz SVG, identical on every machine with Debian's graphviz: the layout uses
    Graphviz's built-in font metrics (no fontconfig/pango, whose fonts differ per machine), and
    the version comment is removed."""
    dot = shutil.which("dot")
    if not dot:
        raise ToolMissing("Graphviz (dot) is not installed", hint="sudo apt-get install graphviz   (or: bash scripts/setup.sh)")
    with tempfile.TemporaryDirectory(prefix="tenantdb-gv-") as plugin_dir:
        env = {**os.environ, "GVBINDIR": _core_plugins(Path(plugin_dir), Path(dot))}
        proc = subprocess.run([dot, "-Tsvg"], input=dot_source, capture_output=True, text=True, env=env, timeout=120)
    if proc.returncode != 0:
        raise TenantDBError(f"Graphviz failed to draw the ERD: {proc.stderr.strip()}")
    svg = re.sub(r"<!-- Generated by graphviz version[^>]*-->\n", "", proc.stdout)
    return "\n".join(line.rstrip() for line in svg.splitlines()) + "\n"


def _core_plugins(target: Path, dot: Path) -> str:
    """A Graphviz plugin directory holding only the core renderer and the dot layout."""
    candidates = [Path("/usr/lib/x86_64-linux-gnu/graphviz"), Path("/usr/lib/aarch64-linux-gnu/graphviz"),
                  dot.resolve().parent.parent / "lib" / "graphviz", Path("/usr/lib/graphviz"), Path("/usr/lib64/graphviz")]
    source = next((c for c in candidates if any(c.glob("config*"))), None)
    if source is None:
        raise ToolMissing("Graphviz plugin directory not found", hint="install Debian's graphviz: bash scripts/setup.sh")
    config = sorted(source.glob("config*"))[-1]
    blocks = re.split(r"(?m)^(?=\S+\.so\S*\s+\w+\s*\{)", config.read_text())
    kept = [b for b in blocks if re.match(r"\S*libgvplugin_(core|dot_layout)\.", b)]
    if len(kept) != 2:
        raise ToolMissing(f"Graphviz plugins core and dot_layout not found in {config}",
                          hint="install Debian's graphviz: bash scripts/setup.sh")
    (target / config.name).write_text("".join(kept))
    for block in kept:
        lib = block.split()[0]
        (target / Path(lib).name).symlink_to(source / lib if not Path(lib).is_absolute() else Path(lib))
    return str(target)


# ----------------------------------------------------------------------------- rendering
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project_root() / "sql" / "report"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["sql"] = format_sql_expr
    env.filters["html"] = lambda s: html.escape(s or "", quote=True)
    env.filters["cell"] = lambda s: (s or "").replace("|", "\\|").replace("\n", " ")
    env.filters["mermaid_type"] = mermaid_type
    env.filters["short_type"] = short_type
    env.filters["entity"] = entity_name
    env.filters["port"] = lambda s: re.sub(r"\W", "_", s)
    return env


def lint_findings(conn: psycopg.Connection) -> list | None:
    """Lint findings for policies.md: each under its table (``object`` equal to the table or
    starting with ``<table>.``), the rest under "Other lint findings". Findings the reviewed
    allowlist accepts are shown too, with the reason, so a reviewer sees every exception."""
    from dataclasses import replace

    from .lint import apply_allowlist, load_allowlist, run_lints

    report = apply_allowlist(run_lints(conn), load_allowlist())
    return report.active + [replace(f, detail=f"{f.detail} (allowlisted: {entry.reason})")
                            for f, entry in report.allowed]


def group_findings(findings: list | None, catalog: Catalog) -> tuple[dict[str, list], list]:
    if findings is None:
        return {}, []
    key = lambda f: (str(f.object), str(f.name), str(f.detail))  # noqa: E731
    per_table: dict[str, list] = {}
    other = []
    names = [t.qualified for t in catalog.tables]
    for f in sorted(findings, key=key):
        obj = str(f.object)
        table = next((n for n in names if obj == n or obj.startswith(n + ".")), None)
        (per_table.setdefault(table, []) if table else other).append(f)
    return per_table, other


def render(catalog: Catalog, findings: list | None = None, root: Path | None = None) -> dict[str, str]:
    """The text documents (all but schema.sql) for a catalog."""
    root = root or project_root()
    env = _environment()
    matrix = build_access_matrix(catalog, load_access_matrix(root / "sql" / "access_matrix.toml"), root)
    per_table, other = group_findings(findings, catalog)
    domains = domains_of(catalog)
    rels = {t.qualified: relationships(catalog, t) for t in erd_tables(catalog)}
    common = dict(catalog=catalog, regenerate=REGENERATE, commands=COMMANDS, operations=OPERATIONS,
                  matrix_roles=MATRIX_ROLES, app_role=APP_ROLE, service_role=SERVICE_ROLE)
    definers = [f for f in catalog.functions if f.security_definer]
    dot_source = env.get_template("erd.dot.j2").render(**common, domains=domains, relationships=rels)
    return {
        "policies.md": env.get_template("policies.md.j2").render(
            **common, lint_wired=findings is not None, findings=per_table, other_findings=other,
            definers=definers, invokers=[f for f in catalog.functions if not f.security_definer]),
        "access-matrix.md": env.get_template("access-matrix.md.j2").render(**common, matrix=matrix),
        "erd.md": env.get_template("erd.md.j2").render(**common, domains=domains, relationships=rels),
        "erd.svg": render_svg(dot_source),
    }


def server_major_of(backend: Backend, dbname: str) -> int:
    with psycopg.connect(backend.conninfo(dbname), autocommit=True) as conn:
        return server_major(conn)


def generate(backend: Backend, dbname: str) -> dict[str, str]:
    """All five documents from database `dbname` (deployed)."""
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        catalog = read_catalog(conn)
        findings = lint_findings(conn)
        conn.rollback()
    files = render(catalog, findings)
    files["schema.sql"] = schema_dump(backend, dbname, exclude_extensions=TEST_ONLY_EXTENSIONS)
    return {name: files[name] for name in FILES}


@contextmanager
def report_database(backend: Backend, dbname: str | None) -> Iterator[str]:
    """`dbname` when given (must exist), else a fresh clone of the test template (dropped after)."""
    from .database import database_exists
    from .testing import TestDatabases

    backend.ensure_running()
    if dbname:
        if not database_exists(backend, dbname):
            raise BadInput(f"database {dbname!r} does not exist", hint="omit --db to use a fresh deployed clone")
        yield dbname
        return
    dbs = TestDatabases.start()
    with dbs.clone("report") as name:
        yield name


def write(files: dict[str, str], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def drift(files: dict[str, str], out: Path, server_major: int = REFERENCE_MAJOR) -> dict[str, str]:
    """file name -> unified diff (committed -> regenerated) for every file that differs. On a
    server other than the reference major version, as far as that version can be compared
    (tenantdb.compat); a document that cannot be is left out."""
    diffs = {}
    for name, text in files.items():
        path = out / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        committed, regenerated = comparable(name, old, server_major), comparable(name, text, server_major)
        if committed is None or regenerated is None:
            continue
        old, text = committed, regenerated
        if old != text:
            diff = "".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{path} (committed{'' if path.exists() else ': missing'})",
                tofile=f"{path} (regenerated from the database)"))
            diffs[name] = diff
    return diffs
